using Syncer.Doubles.Vault.Kv;

namespace Syncer.Doubles.Vault.Mounts;

/// <summary>The secrets mount table in mount order (V:vault/mount.go MountTable) and the router's longest-prefix lookup.</summary>
internal sealed class MountTable
{
    private readonly List<MountEntry> _entries = [];

    public IReadOnlyList<MountEntry> Entries => _entries;

    /// <summary>
    /// The mounts of `vault server -dev` (cubbyhole/, identity/, secret/ as KV v2, sys/) plus kv/ as KV v1, which the
    /// double has always had so that both KV versions exist at start.
    /// </summary>
    public static MountTable DevMode()
    {
        var table = new MountTable();
        table.Put(new MountEntry("cubbyhole", "cubbyhole", MountTypes.CreateEngine("cubbyhole", null))
        {
            Description = "per-token private secret storage",
            Local = true,
        });
        table.Put(new MountEntry("identity", "identity", MountTypes.CreateEngine("identity", null))
        {
            Description = "identity store",
            PassthroughRequestHeaders = ["Authorization"],
        });
        table.Put(Kv("kv", 1, ""));
        table.Put(Kv("secret", 2, "key/value secret storage"));
        table.Put(new MountEntry("sys", "system", MountTypes.CreateEngine("system", null))
        {
            Description = "system endpoints used for control, policy and debugging",
            SealWrap = true,
            PassthroughRequestHeaders = ["Accept"],
        });
        return table;
    }

    /// <summary>A KV mount as the seeding hooks and the dev defaults create it (options {"version": "N"}).</summary>
    public static MountEntry Kv(string path, int version, string description)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal) { ["version"] = version == 2 ? "2" : "1" };
        return new MountEntry(path, "kv", new KvEngine(version)) { Description = description, Options = options };
    }

    /// <summary>Adds <paramref name="entry"/>, replacing a mount at the same path. No conflict checks: callers validate.</summary>
    public void Put(MountEntry entry)
    {
        Remove(entry.Path);
        _entries.Add(entry);
    }

    public bool Remove(string path) => _entries.RemoveAll(e => e.Path == path) > 0;

    /// <summary>The mount at exactly <paramref name="path"/> (no slashes).</summary>
    public MountEntry? Exact(string path) => _entries.Find(e => e.Path == path);

    /// <summary>
    /// The first mount that is <paramref name="pathWithSlash"/>, or inside it, or around it ("team/" conflicts with
    /// "team/kv/" and with "team/"), as mountInternal's "path is already in use at" check finds it; null when none.
    /// </summary>
    public string? Conflict(string pathWithSlash) => _entries
        .Select(e => e.Path + "/")
        .FirstOrDefault(p => p.StartsWith(pathWithSlash, StringComparison.Ordinal) || pathWithSlash.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The mount a request path falls under (longest mount path first) and the rest of the path.</summary>
    public (MountEntry Mount, string Remainder)? Find(string path)
    {
        foreach (var mount in _entries.OrderByDescending(m => m.Path.Length))
        {
            if (path == mount.Path || path == mount.Path + "/")
            {
                return (mount, "");
            }

            if (path.StartsWith(mount.Path + "/", StringComparison.Ordinal))
            {
                return (mount, path[(mount.Path.Length + 1)..]);
            }
        }

        return null;
    }
}
