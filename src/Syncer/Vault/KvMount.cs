namespace Syncer.Vault;

/// <summary>A KV mount (without trailing slash, without namespace) and its version, 1 or 2.</summary>
internal sealed record KvMount(string Path, int Version)
{
    /// <summary>True when <paramref name="fullPath"/> lies under this mount.</summary>
    public bool Contains(string fullPath) =>
        fullPath.StartsWith(Path, StringComparison.Ordinal) && (fullPath.Length == Path.Length || fullPath[Path.Length] == '/');
}
