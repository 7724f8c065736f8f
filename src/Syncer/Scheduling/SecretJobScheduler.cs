using Quartz;
using Syncer.Sync;

namespace Syncer.Scheduling;

/// <summary>
/// Quartz is the timer: one non-durable <see cref="SecretSyncJob"/> per Secret keyed <c>JobKey(name, namespace)</c>
/// with one periodic trigger (same name and group as the job: one pair of strings per Secret), upserted with replace
/// and deleted when the Secret goes. Every trigger has an explicit misfire instruction. All jobs share one
/// <see cref="JobType"/>: the builder makes a new one per job otherwise (with its lazy type resolver, about 200 bytes
/// per Secret at 10,000 Secrets), and it says only which class runs.
/// </summary>
internal sealed class SecretJobScheduler(ISchedulerFactory schedulerFactory, TimeProvider timeProvider)
{
    private static readonly JobType SyncJobType = new(typeof(SecretSyncJob));

    // The factory's GetScheduler takes a lock on every call (a cold start's upserts queued on it in a profile); the
    // process has one scheduler for its life (the hosted service starts it and shuts it down at exit), so keep it.
    private IScheduler? _scheduler;

    public static JobKey JobKeyFor(SecretKey key) => new(key.Name, key.Namespace);

    public static SecretKey SecretKeyOf(JobKey jobKey)
    {
        ArgumentNullException.ThrowIfNull(jobKey);
        return new(jobKey.Group, jobKey.Name);
    }

    public static TriggerKey PeriodicKey(SecretKey key) => new(key.Name, key.Namespace);

    public async Task UpsertAsync(SecretKey key, PeriodicSchedule periodic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(periodic);
        var scheduler = await SchedulerAsync(cancellationToken);
        var job = JobBuilder.Create<SecretSyncJob>().OfType(SyncJobType).WithIdentity(JobKeyFor(key)).Build();
        ITrigger[] triggers = [Periodic(key, periodic)];
        await scheduler.ScheduleJob(job, triggers, ScheduleJobOptions.Replacing, cancellationToken);
    }

    public async Task<bool> DeleteAsync(SecretKey key, CancellationToken cancellationToken)
    {
        var scheduler = await SchedulerAsync(cancellationToken);
        return await scheduler.DeleteJob(JobKeyFor(key), cancellationToken);
    }

    private ITrigger Periodic(SecretKey key, PeriodicSchedule periodic)
    {
        var builder = TriggerBuilder.Create(timeProvider)
            .WithIdentity(PeriodicKey(key))
            .ForJob(JobKeyFor(key))
            .StartAt(periodic.StartAt);

        // A missed periodic sync is skipped to the next instant of the schedule rather than fired late: catching up
        // would bunch Secrets together after a pause and lose the phase spread. The next one comes within an interval.
        return periodic.Cron is { } cron
            ? builder.WithSchedule(CronScheduleBuilder.Create(cron).InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)).Build()
            : builder.WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(periodic.Interval)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)).Build();
    }

    private async ValueTask<IScheduler> SchedulerAsync(CancellationToken cancellationToken) =>
        _scheduler ??= await schedulerFactory.GetScheduler(cancellationToken);
}
