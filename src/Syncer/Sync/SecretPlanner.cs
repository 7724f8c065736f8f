using System.Globalization;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// Compares a Secret with the data Syncer wants and plans the minimal change (PRODUCT.md section 2 and promises 1
/// and 2). Syncer owns the keys it wants now; any other key is never touched. A key listed in
/// <c>syncer.io/managed-keys</c> that Vault no longer provides is removed only when the Secret's data-hash proves Syncer
/// wrote exactly the listed keys and values (<see cref="ProvesOwnership"/>): the annotation alone, copied by hand or
/// by a chart, removes nothing. The planner is only called after Vault answered successfully. Status annotations are
/// planned only when their value changes, so a no-op sync plans nothing; a hash in the legacy form or under another
/// key is rewritten as a status write when the data is equal.
/// A data change also moves <c>syncer.io/data-revision</c> and, from revision 2 on, marks it
/// <c>syncer.io/rollout-pending</c> (see <see cref="DataRevision"/>); a status-only write (a new hash key, a new source
/// version, a rewritten hash) moves neither.
/// </summary>
internal sealed class SecretPlanner
{
    /// <summary>Longest <c>syncer.io/error</c> value written.</summary>
    public const int MaxErrorLength = 1024;

    /// <param name="actualData">The Secret's data; null when only its metadata is known (see <paramref name="dataKnown"/>).</param>
    /// <param name="hasher">The data-hash of this Secret, with the current key.</param>
    /// <param name="syncedInputs">The <c>syncer.io/synced-inputs</c> digest of this sync's inputs; null writes none.</param>
    /// <param name="dataKnown">
    /// False when the caller has only the metadata of a Secret at the resourceVersion Syncer wrote or verified in this
    /// process: its managed data is what its current-form <c>syncer.io/data-hash</c> says. Then an equal hash means no
    /// data change, and a different one sets every desired key and removes every managed key no longer wanted (a null
    /// on a missing key is harmless). A legacy-form hash there is checked over the desired data in its own form.
    /// </param>
    /// <param name="markRollout">
    /// The Secret has consumers to roll (its restart policy is not <c>none</c>, and some workload may consume it): a
    /// data change from revision 2 on sets <c>syncer.io/rollout-pending</c>; otherwise one left from before is removed.
    /// </param>
    public SecretPlan PlanSuccess(
        IDictionary<string, byte[]>? actualData,
        IReadOnlyDictionary<string, string>? actualAnnotations,
        IReadOnlyDictionary<string, byte[]> desired,
        string sourceVersion,
        DataHasher hasher,
        DateTimeOffset now,
        string? syncedInputs = null,
        bool dataKnown = true,
        bool markRollout = false)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(hasher);
        actualData ??= new Dictionary<string, byte[]>();
        actualAnnotations ??= new Dictionary<string, string>();
        var hash = hasher.Hash(desired);
        var stored = actualAnnotations.TryGetValue(SyncAnnotations.DataHash, out var h) ? h : null;
        var previouslyManaged = ParseManagedKeys(actualAnnotations.TryGetValue(SyncAnnotations.ManagedKeys, out var m) ? m : null);

        // Unknown data: the hash tells whether it equals the desired data (in the legacy form, over the data alone).
        var unknownAndDifferent = !dataKnown && stored != hash && !(DataHasher.IsLegacyForm(stored) && stored == hasher.LegacyHash(desired));
        var setData = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in desired)
        {
            if (unknownAndDifferent || (dataKnown && (!actualData.TryGetValue(key, out var current) || current is null || !current.AsSpan().SequenceEqual(value))))
            {
                setData[key] = value;
            }
        }

        var owned = dataKnown ? ProvesOwnership(actualData, previouslyManaged, stored, hasher) : DataHasher.IsCurrentForm(stored);
        var removeData = !owned ? [] : previouslyManaged
            .Where(k => !desired.ContainsKey(k) && (dataKnown ? actualData.ContainsKey(k) : unknownAndDifferent))
            .Order(StringComparer.Ordinal)
            .ToList();
        IReadOnlyList<string> adopted = stored is null && dataKnown ? [.. desired.Keys.Where(actualData.ContainsKey).Order(StringComparer.Ordinal)] : [];

        var dataChanged = setData.Count > 0 || removeData.Count > 0;
        var annotations = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        SetIfChanged(annotations, actualAnnotations, SyncAnnotations.ManagedKeys, FormatManagedKeys(desired.Keys));
        SetIfChanged(annotations, actualAnnotations, SyncAnnotations.DataHash, hash);
        SetIfChanged(annotations, actualAnnotations, SyncAnnotations.SourceVersion, sourceVersion);
        if (syncedInputs is not null)
        {
            SetIfChanged(annotations, actualAnnotations, SyncAnnotations.SyncedInputs, syncedInputs);
        }

        PlanRevision(annotations, actualAnnotations, dataChanged, markRollout);
        if (dataChanged || !actualAnnotations.ContainsKey(SyncAnnotations.SyncedAt))
        {
            annotations[SyncAnnotations.SyncedAt] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        if (actualAnnotations.ContainsKey(SyncAnnotations.Error))
        {
            annotations[SyncAnnotations.Error] = null;
        }

        return new SecretPlan(setData, removeData, annotations, hash, adopted);
    }

    /// <summary>
    /// Syncer wrote exactly the keys <paramref name="managedKeys"/> lists, with the values the Secret holds: its
    /// data-hash, in the current form and under the current key, verifies over them. Only then may a listed key be
    /// removed. A legacy hash (not bound to the Secret, so copyable from another one) or a hash under a lost key proves
    /// nothing until the sync rewrites it.
    /// </summary>
    public static bool ProvesOwnership(
        IDictionary<string, byte[]> actualData, IReadOnlyList<string> managedKeys, string? storedHash, DataHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(actualData);
        ArgumentNullException.ThrowIfNull(managedKeys);
        ArgumentNullException.ThrowIfNull(hasher);
        if (!DataHasher.IsCurrentForm(storedHash) || managedKeys.Any(k => !actualData.TryGetValue(k, out var v) || v is null))
        {
            return false;
        }

        return storedHash == hasher.Hash(managedKeys.Distinct(StringComparer.Ordinal).Select(k => KeyValuePair.Create(k, actualData[k])));
    }

    /// <summary>A failed sync changes no data: at most the <c>syncer.io/error</c> annotation, when its text changes.</summary>
    public SecretPlan PlanFailure(IReadOnlyDictionary<string, string>? actualAnnotations, string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = error.Length <= MaxErrorLength ? error : string.Concat(error.AsSpan(0, MaxErrorLength - 3), "...");
        var current = actualAnnotations is not null && actualAnnotations.TryGetValue(SyncAnnotations.Error, out var e) ? e : null;
        return current == text
            ? SecretPlan.Nothing
            : new SecretPlan(new Dictionary<string, byte[]>(), [], new Dictionary<string, string?> { [SyncAnnotations.Error] = text });
    }

    public static IReadOnlyList<string> ParseManagedKeys(string? value) =>
        value is null ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static string FormatManagedKeys(IEnumerable<string> keys) => string.Join(",", keys.Order(StringComparer.Ordinal));

    /// <summary>
    /// Revision 1 on Syncer's first write (a first fill or an adoption: no rollout), +1 with each later data change,
    /// pending from revision 2 when there is anyone to roll.
    /// </summary>
    private static void PlanRevision(
        SortedDictionary<string, string?> plan, IReadOnlyDictionary<string, string> actual, bool dataChanged, bool markRollout)
    {
        var firstWrite = !actual.ContainsKey(SyncAnnotations.DataHash);
        if (!dataChanged && !firstWrite)
        {
            return; // a status-only write (a new hash key, a new source version): no new revision, no rollout
        }

        var revision = firstWrite ? 1 : DataRevision.Current(actual) + 1;
        SetIfChanged(plan, actual, SyncAnnotations.DataRevision, DataRevision.Format(revision));
        if (revision >= 2 && markRollout)
        {
            plan[SyncAnnotations.RolloutPending] = DataRevision.Format(revision);
        }
        else if (actual.ContainsKey(SyncAnnotations.RolloutPending))
        {
            plan[SyncAnnotations.RolloutPending] = null; // nobody to roll for this data: an older mark goes too
        }
    }

    private static void SetIfChanged(
        SortedDictionary<string, string?> plan, IReadOnlyDictionary<string, string> actual, string key, string value)
    {
        if (!actual.TryGetValue(key, out var current) || current != value)
        {
            plan[key] = value;
        }
    }
}
