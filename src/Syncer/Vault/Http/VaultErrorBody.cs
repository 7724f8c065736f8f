using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncer.Vault.Http;

/// <summary>What a non-success answer may hold: <c>{"errors":[…]}</c>, or (404 of KV v2) the whole envelope.</summary>
internal sealed class VaultErrorBody
{
    [JsonPropertyName("errors")] public IReadOnlyList<string>? Errors { get; init; }

    [JsonPropertyName("warnings")] public IReadOnlyList<string>? Warnings { get; init; }

    [JsonPropertyName("data")] public JsonElement? Data { get; init; }

    /// <summary>Parses the body; a body that is not Vault JSON (a proxy's page) becomes one error line, cut short.</summary>
    public static VaultErrorBody Parse(string body)
    {
        if (body.Length > 0 && body.TrimStart().StartsWith('{'))
        {
            try
            {
                return JsonSerializer.Deserialize<VaultErrorBody>(body, VaultJson.Options) ?? new VaultErrorBody();
            }
            catch (JsonException)
            {
                // fall through: treat as raw text, like the Go client's RawError
            }
        }

        var raw = body.Trim();
        return new VaultErrorBody { Errors = raw.Length == 0 ? [] : [raw.Length > 200 ? raw[..200] + "…" : raw] };
    }
}
