using System.Text.Json.Nodes;

namespace Syncer.Doubles.Vault.Kv;

/// <summary>One version of a KV v2 secret (KVP:types.proto VersionMetadata plus its data).</summary>
internal sealed class KvVersion
{
    public required DateTimeOffset CreatedTime { get; init; }

    public DateTimeOffset? DeletionTime { get; set; }

    public bool Destroyed { get; set; }

    /// <summary>Null once destroyed.</summary>
    public JsonObject? Data { get; set; }

    /// <summary>
    /// KVP:path_data.go: deleted when the deletion time has come; a future time is not deleted. Vault checks
    /// Before(now); the double counts "equal" as deleted too, so a soft delete shows at once under a frozen FakeTimeProvider.
    /// </summary>
    public bool IsDeleted(DateTimeOffset now) => DeletionTime is { } t && t <= now;
}
