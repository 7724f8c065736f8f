namespace Syncer.Discovery;

/// <summary>
/// The label and annotations discovery reads. Only the annotations a user writes (the inputs of a sync) are kept in
/// the index; the status annotations Syncer writes itself change on every write and must not look like a user's
/// change, so only their presence is recorded. The sync core's <c>SyncAnnotations</c> holds the same names; this
/// list is the subset the scheduler needs.
/// </summary>
internal static class WatchedAnnotations
{
    public const string EnabledLabel = "syncer.io/enabled";

    /// <summary>Server-side label selector: only opted-in Secrets are listed and watched.</summary>
    public const string LabelSelector = EnabledLabel + "=true";

    public const string Path = "syncer.io/path";
    public const string Keys = "syncer.io/keys";
    public const string Version = "syncer.io/version";
    public const string Refresh = "syncer.io/refresh";
    public const string Schedule = "syncer.io/schedule";
    public const string Restart = "syncer.io/restart";
    public const string ForceSync = "syncer.io/force-sync";

    /// <summary>Written by Syncer after a sync changed data; its absence means the Secret was never filled.</summary>
    public const string SyncedAt = "syncer.io/synced-at";

    /// <summary>Written by Syncer when the last sync failed; removed on success.</summary>
    public const string Error = "syncer.io/error";

    /// <summary>The user-written inputs. A change to any of them triggers a sync at once.</summary>
    public static readonly IReadOnlyList<string> Inputs = [Path, Keys, Version, Refresh, Schedule, Restart, ForceSync];
}
