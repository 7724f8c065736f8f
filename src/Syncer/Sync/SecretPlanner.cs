using System.Globalization;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// Compares a Secret with the data Syncer wants and plans the minimal change (PRODUCT.md section 2 and promises 1
/// and 2). Syncer owns the keys it wants now and those listed in <c>syncer.io/managed-keys</c>; any other key is
/// never touched. An owned key that is no longer wanted is removed: the planner is only called after Vault answered
/// successfully. Status annotations are planned only when their value changes, so a no-op sync plans nothing.
/// </summary>
internal sealed class SecretPlanner
{
    /// <summary>Longest <c>syncer.io/error</c> value written.</summary>
    public const int MaxErrorLength = 1024;

    /// <param name="actualData">The Secret's data; null when only its metadata is known (see <paramref name="dataKnown"/>).</param>
    /// <param name="syncedInputs">The <c>syncer.io/synced-inputs</c> digest of this sync's inputs; null writes none.</param>
    /// <param name="dataKnown">
    /// False when the caller has only the metadata of a Secret whose resourceVersion Syncer verified: its managed data
    /// is what its <c>syncer.io/data-hash</c> says. Then an equal hash means no data change, and a different one sets
    /// every desired key and removes every managed key no longer wanted (a null on a missing key is harmless).
    /// </param>
    public SecretPlan PlanSuccess(
        IDictionary<string, byte[]>? actualData,
        IReadOnlyDictionary<string, string>? actualAnnotations,
        IReadOnlyDictionary<string, byte[]> desired,
        string sourceVersion,
        ReadOnlySpan<byte> hmacKey,
        DateTimeOffset now,
        string? syncedInputs = null,
        bool dataKnown = true)
    {
        ArgumentNullException.ThrowIfNull(desired);
        actualData ??= new Dictionary<string, byte[]>();
        actualAnnotations ??= new Dictionary<string, string>();
        var hash = DataHasher.Compute(hmacKey, desired);
        var hashMatches = actualAnnotations.TryGetValue(SyncAnnotations.DataHash, out var h) && h == hash;

        var setData = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in desired)
        {
            var unknownAndDifferent = !dataKnown && !hashMatches;
            if (unknownAndDifferent || (dataKnown && (!actualData.TryGetValue(key, out var current) || current is null || !current.AsSpan().SequenceEqual(value))))
            {
                setData[key] = value;
            }
        }

        var previouslyManaged = ParseManagedKeys(actualAnnotations.TryGetValue(SyncAnnotations.ManagedKeys, out var m) ? m : null);
        var removeData = previouslyManaged
            .Where(k => !desired.ContainsKey(k) && (dataKnown ? actualData.ContainsKey(k) : !hashMatches))
            .Order(StringComparer.Ordinal)
            .ToList();

        var dataChanged = setData.Count > 0 || removeData.Count > 0;
        var annotations = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        SetIfChanged(annotations, actualAnnotations, SyncAnnotations.ManagedKeys, FormatManagedKeys(desired.Keys));
        SetIfChanged(annotations, actualAnnotations, SyncAnnotations.DataHash, hash);
        SetIfChanged(annotations, actualAnnotations, SyncAnnotations.SourceVersion, sourceVersion);
        if (syncedInputs is not null)
        {
            SetIfChanged(annotations, actualAnnotations, SyncAnnotations.SyncedInputs, syncedInputs);
        }

        // The restart work (issue 9) adds syncer.io/data-revision (+1 when dataChanged) and syncer.io/rollout-pending here.
        if (dataChanged || !actualAnnotations.ContainsKey(SyncAnnotations.SyncedAt))
        {
            annotations[SyncAnnotations.SyncedAt] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        if (actualAnnotations.ContainsKey(SyncAnnotations.Error))
        {
            annotations[SyncAnnotations.Error] = null;
        }

        return new SecretPlan(setData, removeData, annotations, hash);
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

    private static void SetIfChanged(
        SortedDictionary<string, string?> plan, IReadOnlyDictionary<string, string> actual, string key, string value)
    {
        if (!actual.TryGetValue(key, out var current) || current != value)
        {
            plan[key] = value;
        }
    }
}
