using System.Text.Json;

namespace Syncer.Vault.Http;

/// <summary>JSON settings for Vault bodies: property names come from <c>[JsonPropertyName]</c>; unknown fields are ignored.</summary>
internal static class VaultJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General);

    public static T Deserialize<T>(string body, string what) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Options) ?? throw new JsonException("null body");
        }
        catch (JsonException e)
        {
            // The body may hold secret values: say where it failed, never what it held.
            throw new VaultApiException(System.Net.HttpStatusCode.OK, $"Vault's answer to {what} is not the JSON expected (at {e.Path ?? "?"}).", [], []);
        }
    }
}
