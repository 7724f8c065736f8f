using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncer.Vault.Http;

/// <summary>
/// What a non-success answer may hold: <c>{"errors":[…]}</c>, or (404 of KV v2) the whole envelope. Only Vault's own
/// JSON is read. Its <c>errors</c> are Vault's messages about the request (a status, a quoted path, a role name, a
/// parse error that names one character): Vault builds them before or instead of any data, so they never carry a
/// secret value and are kept. A body that is not Vault's JSON (a proxy's page, a truncated answer) is never copied,
/// not even in part: it could echo anything, a response body included; only its length is kept.
/// </summary>
internal sealed class VaultErrorBody
{
    [JsonPropertyName("errors")] public IReadOnlyList<string>? Errors { get; init; }

    [JsonPropertyName("warnings")] public IReadOnlyList<string>? Warnings { get; init; }

    [JsonPropertyName("data")] public JsonElement? Data { get; init; }

    /// <summary>The length of a body that was not Vault's JSON (and so not read); null when it was.</summary>
    [JsonIgnore] public int? UnreadLength { get; init; }

    public static VaultErrorBody Parse(string body)
    {
        if (body.Length > 0 && body.TrimStart().StartsWith('{'))
        {
            try
            {
                return JsonSerializer.Deserialize(body, VaultJson.TypeInfo<VaultErrorBody>()) ?? new VaultErrorBody();
            }
            catch (JsonException)
            {
                // not Vault's JSON after all: read nothing from it
            }
        }

        return new VaultErrorBody { UnreadLength = body.Length };
    }

    /// <summary>For an exception message: Vault's errors, or what kind of body was left unread.</summary>
    public string Describe() => UnreadLength switch
    {
        0 => "empty body",
        { } length => $"a body of {length} characters that is not Vault's JSON, not shown",
        _ => Errors is { Count: > 0 } errors ? string.Join("; ", errors) : "no error text",
    };
}
