namespace Syncer.Scheduling;

/// <summary>What the scheduler does for one Secret after a change.</summary>
/// <param name="Periodic">The periodic trigger to (re)store; null keeps the stored one (and its phase).</param>
/// <param name="ScheduleKey">
/// What the trigger is built from (interval, cron): a change rebuilds it. The uid is part of it too, through the state:
/// a new uid under a known name is a new <see cref="Sync.ManagedSecret"/>, with nothing applied yet.
/// </param>
/// <param name="Interval">The Secret's interval: the bound of its retries.</param>
/// <param name="Now">Whether it syncs ahead of the periodic refresh.</param>
internal sealed record SchedulePlan(PeriodicSchedule? Periodic, (TimeSpan Interval, string? Cron) ScheduleKey, TimeSpan Interval, SyncNow Now);
