using System.Text.Json.Serialization;

namespace Syncer.Vault;

/// <summary>The fields of <c>sys/internal/ui/mounts/&lt;path&gt;</c> used to tell the KV version (vault-api.md §1.8).</summary>
internal sealed class MountInfo
{
    /// <summary>The mount with a trailing slash ("secret/"), with namespaces possibly "ns1/secret/".</summary>
    [JsonPropertyName("path")] public string? Path { get; init; }

    [JsonPropertyName("type")] public string? Type { get; init; }

    /// <summary>"version": "2" (a string) on KV v2; null, missing, "" or "1" on KV v1.</summary>
    [JsonPropertyName("options")] public IReadOnlyDictionary<string, string?>? Options { get; init; }
}
