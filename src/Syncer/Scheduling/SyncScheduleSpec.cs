namespace Syncer.Scheduling;

/// <summary>
/// The part of a Secret's spec that decides when it syncs. Same shape as the sync core's parsed spec
/// (<c>Refresh</c>, <c>Schedule</c>, <c>ForceSync</c>, errors) so that <see cref="SyncScheduleSpecReader"/> can later
/// delegate to <c>SyncSpecParser.Parse</c>.
/// </summary>
/// <param name="Refresh">From <c>syncer.io/refresh</c>; null when absent or invalid.</param>
/// <param name="Schedule">A valid Quartz cron expression from <c>syncer.io/schedule</c>; null when absent or invalid.</param>
/// <param name="ForceSync">The <c>syncer.io/force-sync</c> value.</param>
/// <param name="Error">Why the schedule annotations were ignored, or null. The sync reports it; the default interval applies.</param>
internal sealed record SyncScheduleSpec(TimeSpan? Refresh, string? Schedule, string? ForceSync, string? Error);
