using System.Text.Json.Nodes;

namespace Syncer.Doubles.Vault.Kv;

/// <summary>
/// The data of a KV secrets engine mount: v1 keeps flat data per key, v2 keeps <see cref="KvSecret"/>s. The mount
/// table entry (path, accessor, options) is a <see cref="Mounts.MountEntry"/>.
/// </summary>
internal sealed class KvMount(int version)
{
    /// <summary>1 or 2; a tune of options.version from 1 to 2 upgrades the data in place (<see cref="KvEngine.Upgrade"/>).</summary>
    public int Version { get; set; } = version;

    /// <summary>Engine config (KVP:path_config.go); max_versions 0 keeps 10.</summary>
    public bool CasRequired { get; set; }

    public int MaxVersions { get; set; }

    public TimeSpan DeleteVersionAfter { get; set; }

    public SortedDictionary<string, KvSecret> Secrets { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, JsonObject> Flat { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Keys => Version == 2 ? Secrets.Keys : Flat.Keys;

    /// <summary>The immediate children of <paramref name="folder"/> ("" for the root): leaves, then "name/" for folders, sorted.</summary>
    public List<string> List(string folder)
    {
        var prefix = folder.Length == 0 || folder.EndsWith('/') ? folder : folder + "/";
        return Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Length > prefix.Length)
            .Select(k =>
            {
                var rest = k[prefix.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                return slash < 0 ? rest : rest[..(slash + 1)];
            })
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
