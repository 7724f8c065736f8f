using System.Text.Json.Serialization;

namespace Syncer.Vault;

/// <summary>The Vault response envelope (VaultSharp <c>Secret&lt;TData&gt;</c>).</summary>
internal sealed class Secret<TData>
{
    [JsonPropertyName("request_id")] public string? RequestId { get; init; }
    [JsonPropertyName("lease_id")] public string? LeaseId { get; init; }
    [JsonPropertyName("renewable")] public bool Renewable { get; init; }
    [JsonPropertyName("lease_duration")] public int LeaseDurationSeconds { get; init; }
    [JsonPropertyName("data")] public TData? Data { get; init; }
    [JsonPropertyName("warnings")] public IReadOnlyList<string>? Warnings { get; init; }
    [JsonPropertyName("auth")] public AuthInfo? AuthInfo { get; init; }
    [JsonPropertyName("mount_type")] public string? MountType { get; init; }
}

/// <summary>KV v2 <c>data</c> block (VaultSharp <c>SecretData</c>).</summary>
internal sealed class SecretData
{
    [JsonPropertyName("data")] public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Data { get; init; }
    [JsonPropertyName("metadata")] public CurrentSecretMetadata? Metadata { get; init; }
}

/// <summary>Times are strings as on the wire; a missing deletion time is "".</summary>
internal sealed class CurrentSecretMetadata
{
    [JsonPropertyName("created_time")] public string? CreatedTime { get; init; }
    [JsonPropertyName("custom_metadata")] public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }
    [JsonPropertyName("deletion_time")] public string? DeletionTime { get; init; }
    [JsonPropertyName("destroyed")] public bool Destroyed { get; init; }
    [JsonPropertyName("version")] public int Version { get; init; }
}

internal sealed class AuthInfo
{
    [JsonPropertyName("client_token")] public string? ClientToken { get; init; }
    [JsonPropertyName("accessor")] public string? ClientTokenAccessor { get; init; }
    [JsonPropertyName("policies")] public IReadOnlyList<string>? Policies { get; init; }
    [JsonPropertyName("metadata")] public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    [JsonPropertyName("lease_duration")] public int LeaseDurationSeconds { get; init; }
    [JsonPropertyName("renewable")] public bool Renewable { get; init; }
}
