using System.Globalization;

namespace Syncer.Restart;

/// <summary>
/// <c>syncer.io/rolled-for</c> on a workload: <c>&lt;secret&gt;=&lt;revision&gt;,...</c>, what Syncer last rolled it
/// for, per Secret. Entries that do not parse are left out (a hand edit cannot make Syncer fail; at worst it rolls once).
/// </summary>
internal static class RolledFor
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    public static IReadOnlyDictionary<string, long> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return None;
        }

        var entries = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.LastIndexOf('=');
            if (equals > 0 && long.TryParse(entry.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
            {
                entries[entry[..equals]] = revision;
            }
        }

        return entries.Count == 0 ? None : entries;
    }

    /// <summary><paramref name="current"/> with <paramref name="rolled"/> recorded over it, in ordinal order of Secret name.</summary>
    public static string Merge(IReadOnlyDictionary<string, long> current, IEnumerable<(string Secret, long Revision)> rolled)
    {
        ArgumentNullException.ThrowIfNull(current);
        var merged = new SortedDictionary<string, long>(current.ToDictionary(), StringComparer.Ordinal);
        foreach (var (secret, revision) in rolled)
        {
            merged[secret] = revision;
        }

        return string.Join(",", merged.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key}={e.Value}")));
    }
}
