using System.Text.Json.Serialization;

namespace Syncer.Vault;

/// <summary>KV v2 <c>metadata/&lt;path&gt;</c> (VaultSharp <c>FullSecretMetadata</c>); version keys are strings on the wire.</summary>
internal sealed class FullSecretMetadata
{
    [JsonPropertyName("cas_required")] public bool CASRequired { get; init; }
    [JsonPropertyName("created_time")] public string? CreatedTime { get; init; }
    [JsonPropertyName("current_version")] public int CurrentVersion { get; init; }
    [JsonPropertyName("custom_metadata")] public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }
    [JsonPropertyName("delete_version_after")] public string? DeleteVersionAfter { get; init; }
    [JsonPropertyName("max_versions")] public int MaxVersion { get; init; }
    [JsonPropertyName("oldest_version")] public int OldestVersion { get; init; }
    [JsonPropertyName("updated_time")] public string? UpdatedTime { get; init; }
    [JsonPropertyName("versions")] public IReadOnlyDictionary<string, SecretMetadata>? Versions { get; init; }
}
