using Syncer.Spec;

namespace Syncer.Discovery;

/// <summary>
/// The label and annotations discovery reads. Only the annotations a user writes (the inputs of a sync) are kept in
/// the index; the status annotations Syncer writes itself change on every write and must not look like a user's
/// change, so only their presence is recorded. The names are the sync core's <see cref="SyncAnnotations"/>; this is
/// the subset the scheduler needs.
/// </summary>
internal static class WatchedAnnotations
{
    public const string EnabledLabel = SyncAnnotations.Enabled;

    /// <summary>Server-side label selector: only opted-in Secrets are listed and watched.</summary>
    public const string LabelSelector = EnabledLabel + "=" + SyncAnnotations.EnabledValue;

    public const string Path = SyncAnnotations.Path;
    public const string Keys = SyncAnnotations.Keys;
    public const string Version = SyncAnnotations.Version;
    public const string Refresh = SyncAnnotations.Refresh;
    public const string Schedule = SyncAnnotations.Schedule;
    public const string Restart = SyncAnnotations.Restart;
    public const string ForceSync = SyncAnnotations.ForceSync;

    /// <summary>Written by Syncer after a sync changed data; its absence means the Secret was never filled.</summary>
    public const string SyncedAt = SyncAnnotations.SyncedAt;

    /// <summary>Written by Syncer when the last sync failed; removed on success.</summary>
    public const string Error = SyncAnnotations.Error;

    /// <summary>The user-written inputs. A change to any of them triggers a sync at once.</summary>
    public static readonly IReadOnlyList<string> Inputs = [Path, Keys, Version, Refresh, Schedule, Restart, ForceSync];
}
