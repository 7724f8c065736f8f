using System.Globalization;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// <c>syncer.io/data-revision</c> and <c>syncer.io/rollout-pending</c> (PRODUCT.md section 2): a counter of the
/// changes Syncer made to a Secret's managed data, and the revision whose consumers are not all rolled yet.
/// Revision 1 is the first fill or an adoption and needs no rollout; each later change adds 1 and, when the Secret
/// has consumers to roll, marks itself pending in the same patch. Independent of the data-hash key, so a re-hash
/// never moves it.
/// </summary>
internal static class DataRevision
{
    /// <summary>A positive whole number, or null (absent, or not a number Syncer wrote).</summary>
    public static long? Parse(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision > 0 ? revision : null;

    public static string Format(long revision) => revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The Secret's revision before this sync: its annotation; absent on a Secret Syncer already manages (it carries a
    /// data-hash, written by a Syncer before revisions existed) it counts as 1, so its next change is 2 and rolls;
    /// absent on a Secret Syncer never wrote, 0.
    /// </summary>
    public static long Current(IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        return Parse(annotations.TryGetValue(SyncAnnotations.DataRevision, out var value) ? value : null)
            ?? (annotations.ContainsKey(SyncAnnotations.DataHash) ? 1 : 0);
    }
}
