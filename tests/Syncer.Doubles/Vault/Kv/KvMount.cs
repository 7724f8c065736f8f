using System.Text.Json.Nodes;

namespace Syncer.Doubles.Vault.Kv;

/// <summary>A KV secrets engine mount: v1 keeps flat data per key, v2 keeps <see cref="KvSecret"/>s.</summary>
internal sealed class KvMount(string path, int version)
{
    /// <summary>The mount path without slashes, e.g. "secret".</summary>
    public string Path { get; } = path;

    public int Version { get; } = version;

    public string Uuid { get; } = Guid.NewGuid().ToString();

    public string Accessor { get; } = "kv_" + Guid.NewGuid().ToString("N")[..8];

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
