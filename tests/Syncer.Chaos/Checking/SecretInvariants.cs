using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using k8s.Models;
using Syncer.Chaos.World;

namespace Syncer.Chaos.Checking;

/// <summary>
/// The Secret invariants of issue 12, checked on every version of every labeled Secret a watch shows (never Syncer's
/// memory): its managed data is always a complete set of values Vault held for its sources during the run (never
/// empty, never partial, per source one whole version), never older than what it showed before, and every write
/// changes something (the data, or a status annotation other than synced-at), and <c>syncer.io/data-revision</c> counts
/// the data changes (1 at the first fill, one more with each change, never moved otherwise). At the end, <see cref="Mismatches"/>
/// says which Secrets do not match Vault's latest versions yet. Thread-safe.
/// </summary>
public sealed class SecretInvariants(VaultHistory history, Violations violations)
{
    public const string Complete = "managed data is a complete set Vault held";
    public const string NeverOlder = "managed data never goes back to an older version";
    public const string WriteChanges = "no Secret write without a change";
    public const string RevisionCounts = "data-revision is 1 at the first fill and moves by one with each data change, and only then";

    private readonly ConcurrentDictionary<string, SecretSpec> _specs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Seen> _seen = new(StringComparer.Ordinal);
    private long _fills;
    private long _dataWrites;
    private long _statusWrites;

    /// <summary>First fills seen (a Secret's first version with managed data).</summary>
    public long Fills => Interlocked.Read(ref _fills);

    /// <summary>Later versions whose managed data changed.</summary>
    public long DataWrites => Interlocked.Read(ref _dataWrites);

    /// <summary>Later versions whose data stayed and whose status annotations changed.</summary>
    public long StatusWrites => Interlocked.Read(ref _statusWrites);

    /// <summary>
    /// What the rollout invariants need of a Secret, as last seen: its latest <c>syncer.io/data-revision</c>, its
    /// <c>syncer.io/rollout-pending</c>, and every revision it showed with its <c>synced-at</c> (when it was written).
    /// </summary>
    public SecretRevisions? RevisionsOf(string key)
    {
        if (!_seen.TryGetValue(key, out var seen))
        {
            return null;
        }

        lock (seen)
        {
            return seen.Last is { } last
                ? new SecretRevisions(Revision(last) ?? 0, Revision(last, Contract.RolloutPending), new Dictionary<long, DateTimeOffset?>(seen.Revisions))
                : null;
        }
    }

    /// <summary>Secrets whose latest version carries <c>syncer.io/rollout-pending</c>: their consumers are not all rolled yet.</summary>
    public int PendingRollouts => _seen.Values.Count(seen =>
    {
        lock (seen)
        {
            return seen.Last is { } last && Revision(last, Contract.RolloutPending) is not null;
        }
    });

    public void Expect(SecretSpec spec) => _specs[spec.Key] = spec;

    public void OnVersion(V1Secret secret)
    {
        var key = $"{secret.Metadata.NamespaceProperty}/{secret.Metadata.Name}";
        if (!_specs.TryGetValue(key, out var spec) || Managed(secret) is not { } managed)
        {
            return; // not one of the run's Secrets, or not filled yet
        }

        var seen = _seen.GetOrAdd(key, _ => new Seen());
        lock (seen)
        {
            var matched = Match(spec, managed);
            violations.Check(managed.Count > 0 && matched is not null, Complete,
                () => $"{key}@{secret.Metadata.ResourceVersion} holds {Describe(managed)}: no whole version of {string.Join(", ", spec.Sources)}");
            foreach (var (path, sequence) in matched ?? [])
            {
                var before = seen.Sequences.GetValueOrDefault(path);
                violations.Check(sequence >= before, NeverOlder,
                    () => $"{key}@{secret.Metadata.ResourceVersion} went back to write #{sequence} of {path} after showing #{before}");
                seen.Sequences[path] = Math.Max(before, sequence);
            }

            var revision = Revision(secret);
            if (seen.Last is { } last)
            {
                var dataChanged = !SameData(seen.LastManaged!, managed);
                var statusChanged = !Status(last).SequenceEqual(Status(secret));
                violations.Check(dataChanged || statusChanged, WriteChanges,
                    () => $"{key}@{secret.Metadata.ResourceVersion} was written with no change of its data or status (only {Contract.SyncedAt} or nothing moved)");
                var before = Revision(last);
                violations.Check(revision == (dataChanged ? before + 1 : before), RevisionCounts,
                    () => $"{key}@{secret.Metadata.ResourceVersion} went from revision {before} to {revision} with {(dataChanged ? "a" : "no")} data change");
                Interlocked.Increment(ref dataChanged ? ref _dataWrites : ref _statusWrites);
            }
            else
            {
                violations.Check(revision == 1, RevisionCounts, () => $"{key}@{secret.Metadata.ResourceVersion} was first filled at revision {revision}");
                Interlocked.Increment(ref _fills);
            }

            if (revision is { } r && !seen.Revisions.ContainsKey(r))
            {
                seen.Revisions[r] = Time(secret.Metadata.Annotations?.TryGetValue(Contract.SyncedAt, out var syncedAt) == true ? syncedAt : null);
            }

            (seen.Last, seen.LastManaged) = (secret, managed);
        }
    }

    /// <summary>Each Secret whose last version does not hold Vault's latest values, or still carries an error.</summary>
    public IReadOnlyList<string> Mismatches()
    {
        var mismatches = new List<string>();
        foreach (var spec in _specs.Values)
        {
            var last = _seen.TryGetValue(spec.Key, out var seen) ? seen.Last : null;
            var expected = Expected(spec);
            if (last is null || Managed(last) is not { } managed || !SameData(managed, expected))
            {
                mismatches.Add($"{spec.Key} does not hold the latest values of {string.Join(", ", spec.Sources)}");
            }
            else if (last.Metadata.Annotations?.TryGetValue(Contract.Error, out var error) == true)
            {
                mismatches.Add($"{spec.Key} still reports an error: {error}");
            }
        }

        return mismatches;
    }

    /// <summary>For each source, the newest write whose values the managed data holds whole; null if any source has none.</summary>
    private List<(string Path, int Sequence)>? Match(SecretSpec spec, IReadOnlyDictionary<string, string> managed)
    {
        if (spec.WholePath is { } path)
        {
            var version = history.Of(path).LastOrDefault(v => SameData(v.Data, managed));
            return version is null ? null : [(path, version.Sequence)];
        }

        if (!managed.Keys.Order(StringComparer.Ordinal).SequenceEqual(spec.Mapping.Keys.Order(StringComparer.Ordinal)))
        {
            return null;
        }

        var matched = new List<(string, int)>();
        foreach (var source in spec.Mapping.GroupBy(m => m.Value.Path))
        {
            var version = history.Of(source.Key).LastOrDefault(v => source.All(m => v.Data.TryGetValue(m.Value.Property, out var value) && value == managed[m.Key]));
            if (version is null)
            {
                return null;
            }

            matched.Add((source.Key, version.Sequence));
        }

        return matched;
    }

    private IReadOnlyDictionary<string, string> Expected(SecretSpec spec) =>
        spec.WholePath is { } path
            ? history.Latest(path)?.Data ?? new Dictionary<string, string>()
            : spec.Mapping.ToDictionary(m => m.Key, m => history.Latest(m.Value.Path)?.Data.GetValueOrDefault(m.Value.Property) ?? "", StringComparer.Ordinal);

    /// <summary>The keys <c>syncer.io/managed-keys</c> names, with their values; null before the first fill.</summary>
    private static Dictionary<string, string>? Managed(V1Secret secret)
    {
        if (secret.Metadata.Annotations?.TryGetValue(Contract.ManagedKeys, out var keys) != true)
        {
            return null;
        }

        return keys!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(k => secret.Data?.ContainsKey(k) == true)
            .ToDictionary(k => k, k => Encoding.UTF8.GetString(secret.Data![k]), StringComparer.Ordinal);
    }

    private static long? Revision(V1Secret secret, string annotation = Contract.DataRevision) =>
        secret.Metadata.Annotations?.TryGetValue(annotation, out var text) == true
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : null;

    /// <summary>An RFC 3339 time Syncer wrote (synced-at, restarted-at), or null.</summary>
    public static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static IEnumerable<KeyValuePair<string, string>> Status(V1Secret secret) =>
        (secret.Metadata.Annotations ?? new Dictionary<string, string>())
            .Where(a => Contract.IsStatus(a.Key) && a.Key != Contract.SyncedAt).OrderBy(a => a.Key, StringComparer.Ordinal);

    private static bool SameData(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && other == kv.Value);

    private static string Describe(IReadOnlyDictionary<string, string> data) =>
        "{" + string.Join(", ", data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}=…{(kv.Value.Length > 12 ? kv.Value[^12..] : kv.Value)}")) + "}";

    private sealed class Seen
    {
        public V1Secret? Last { get; set; }

        public IReadOnlyDictionary<string, string>? LastManaged { get; set; }

        public Dictionary<string, int> Sequences { get; } = new(StringComparer.Ordinal);

        public Dictionary<long, DateTimeOffset?> Revisions { get; } = [];
    }
}
