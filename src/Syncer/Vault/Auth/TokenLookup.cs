using System.Text.Json.Serialization;

namespace Syncer.Vault.Auth;

/// <summary>The fields of <c>auth/token/lookup-self</c> the client uses (VaultSharp <c>CallingTokenInfo</c>, trimmed).</summary>
internal sealed class TokenLookup
{
    [JsonPropertyName("ttl")] public long TimeToLiveSeconds { get; init; }

    [JsonPropertyName("renewable")] public bool Renewable { get; init; }

    [JsonPropertyName("type")] public string? TokenType { get; init; }
}
