using System.Text.Json.Serialization;

namespace Syncer.Vault;

/// <summary>One version in <see cref="FullSecretMetadata.Versions"/> (VaultSharp <c>SecretMetadata</c>).</summary>
internal sealed class SecretMetadata
{
    [JsonPropertyName("created_time")] public string? CreatedTime { get; init; }
    [JsonPropertyName("deletion_time")] public string? DeletionTime { get; init; }
    [JsonPropertyName("destroyed")] public bool Destroyed { get; init; }
}
