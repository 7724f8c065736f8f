namespace Syncer.Vault;

/// <summary>
/// The secrets engine mounted where a path starts, as <c>sys/internal/ui/mounts/&lt;path&gt;</c> reports it (VaultSharp
/// <c>SecretsEngine</c>, trimmed to what Syncer decides on).
/// </summary>
/// <param name="Path">The mount without trailing slash or namespace: "secret", "team/kv", "database".</param>
/// <param name="Type">Vault's engine type: "kv" for KV v1 and v2 alike, else "database", "transit", "pki", "system", ...</param>
/// <param name="KvVersion">1 or 2 on a KV mount; null on any other type.</param>
internal sealed record SecretsEngineMount(string Path, string Type, int? KvVersion)
{
    /// <summary>Vault reports KV v1 and v2 (and the <c>kv-v1</c>/<c>kv-v2</c> aliases it normalises) as "kv".</summary>
    public const string KvType = "kv";

    /// <summary>Only KV mounts are read (PRODUCT.md section 2): a read elsewhere may mint credentials or show Vault's config.</summary>
    public bool IsKv => Type == KvType;

    public static SecretsEngineMount Kv(string path, int version) => new(path, KvType, version);

    /// <summary>True when <paramref name="fullPath"/> lies under this mount.</summary>
    public bool Contains(string fullPath) =>
        fullPath.StartsWith(Path, StringComparison.Ordinal) && (fullPath.Length == Path.Length || fullPath[Path.Length] == '/');
}
