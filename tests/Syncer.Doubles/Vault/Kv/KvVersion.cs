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

    /// <summary>KVP:path_data.go: deleted only when the deletion time is before now; a future time is not deleted.</summary>
    public bool IsDeleted(DateTimeOffset now) => DeletionTime is { } t && t < now;
}
