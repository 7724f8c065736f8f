using Syncer.Chaos.Leaks;
using Syncer.Doubles.Vault;

namespace Syncer.Chaos.World;

/// <summary>
/// Every version every path held in Vault during the run, in the order written (the invariant checker's "complete
/// set of values Vault held"), and the one way the run writes to Vault: through here, so nothing goes unrecorded.
/// Values are new and unique (<see cref="LeakValues"/>) unless a write repeats the current ones on purpose. Paths are
/// <c>mount/path</c>; properties <c>k0</c> and <c>k1</c> are always there, <c>k2</c> comes and goes. Thread-safe.
/// </summary>
public sealed class VaultHistory(VaultDouble vault, LeakValues values)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<VaultVersion>> _versions = new(StringComparer.Ordinal);
    private int _sequence;

    public int Writes => Volatile.Read(ref _sequence);

    /// <summary>Writes a new version: new values (k2 only when <paramref name="withK2"/>), or the current ones again.</summary>
    public VaultVersion Write(string path, bool withK2, bool sameAsCurrent = false)
    {
        lock (_lock)
        {
            IReadOnlyDictionary<string, string> data;
            if (sameAsCurrent && Latest(path) is { } current)
            {
                data = current.Data;
            }
            else
            {
                var fresh = new Dictionary<string, string>(StringComparer.Ordinal) { ["k0"] = values.Next("k0"), ["k1"] = values.Next("k1") };
                if (withK2)
                {
                    fresh["k2"] = values.Next("k2");
                }

                data = fresh;
            }

            var (mount, rest) = Split(path);
            var number = vault.WriteSecret(mount, rest, data.ToDictionary(kv => kv.Key, kv => (object?)kv.Value));
            var version = new VaultVersion(path, ++_sequence, number, data);
            if (!_versions.TryGetValue(path, out var list))
            {
                _versions[path] = list = [];
            }

            list.Add(version);
            return version;
        }
    }

    /// <summary>Every version of <paramref name="path"/>, oldest first.</summary>
    public IReadOnlyList<VaultVersion> Of(string path)
    {
        lock (_lock)
        {
            return _versions.TryGetValue(path, out var list) ? [.. list] : [];
        }
    }

    public VaultVersion? Latest(string path)
    {
        lock (_lock)
        {
            return _versions.TryGetValue(path, out var list) && list.Count > 0 ? list[^1] : null;
        }
    }

    /// <summary>"secret/ns/p1" as (mount "secret", path "ns/p1").</summary>
    public static (string Mount, string Path) Split(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return (path[..slash], path[(slash + 1)..]);
    }
}
