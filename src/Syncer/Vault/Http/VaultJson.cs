using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Syncer.Vault.Http;

/// <summary>
/// JSON settings for Vault bodies: property names come from <c>[JsonPropertyName]</c>; unknown fields are ignored.
/// Types are resolved by <see cref="VaultJsonContext"/> (generated code, no reflection).
/// </summary>
internal static class VaultJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General) { TypeInfoResolver = VaultJsonContext.Default };

    /// <summary>The generated contract of <typeparamref name="T"/> under <see cref="Options"/>.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static T Deserialize<T>(string body, string what) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, TypeInfo<T>()) ?? throw new JsonException("null body");
        }
        catch (JsonException e)
        {
            // The body may hold secret values: say where it failed, never what it held.
            throw new VaultApiException(System.Net.HttpStatusCode.OK, $"Vault's answer to {what} is not the JSON expected (at {e.Path ?? "?"}).", [], []);
        }
    }
}
