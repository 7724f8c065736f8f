namespace Syncer.Doubles.Vault.Kv;

/// <summary>A KV v2 key's metadata and versions (KVP:types.proto KeyMetadata).</summary>
internal sealed class KvSecret
{
    public required DateTimeOffset CreatedTime { get; init; }

    public DateTimeOffset UpdatedTime { get; set; }

    public int CurrentVersion { get; set; }

    public int OldestVersion { get; set; }

    public int MaxVersions { get; set; }

    public bool CasRequired { get; set; }

    public TimeSpan DeleteVersionAfter { get; set; }

    public Dictionary<string, string>? CustomMetadata { get; set; }

    public SortedDictionary<int, KvVersion> Versions { get; } = [];
}
