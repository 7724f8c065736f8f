using Quartz;
using Syncer.Discovery;

namespace Syncer.Scheduling;

/// <summary>
/// Carries plans out on Quartz: one non-durable <see cref="SecretSyncJob"/> per Secret keyed
/// <c>JobKey(name, namespace)</c>, with a periodic trigger and at most one pending one-off trigger of each kind
/// (now, force, retry). Every trigger has an explicit misfire instruction.
/// </summary>
internal sealed class SecretJobScheduler(ISchedulerFactory schedulerFactory, TimeProvider timeProvider)
{
    private const int PeriodicPriority = 5; // Quartz's default
    private const int RetryPriority = 7;
    private const int ImmediatePriority = 10; // new and changed Secrets go ahead of periodic refresh

    public static JobKey JobKeyFor(SecretKey key) => new(key.Name, key.Namespace);

    public static SecretKey SecretKeyOf(JobKey jobKey)
    {
        ArgumentNullException.ThrowIfNull(jobKey);
        return new(jobKey.Group, jobKey.Name);
    }

    // Secret names cannot contain '/', so these never collide with another Secret's triggers.
    public static TriggerKey PeriodicKey(SecretKey key) => new($"{key.Name}/periodic", key.Namespace);

    public static TriggerKey NowKey(SecretKey key) => new($"{key.Name}/now", key.Namespace);

    public static TriggerKey ForceKey(SecretKey key) => new($"{key.Name}/force", key.Namespace);

    public static TriggerKey RetryKey(SecretKey key) => new($"{key.Name}/retry", key.Namespace);

    public async Task ApplyAsync(SecretKey key, SchedulePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var oneOff = plan.Immediate switch
        {
            ImmediateSync.Sync => OneOff(key, NowKey(key), timeProvider.GetUtcNow(), ImmediatePriority, forceFreshRead: false),
            ImmediateSync.ForceFreshRead => OneOff(key, ForceKey(key), timeProvider.GetUtcNow(), ImmediatePriority, forceFreshRead: true),
            _ => null,
        };

        if (plan.Periodic is { } periodic)
        {
            var job = JobBuilder.Create<SecretSyncJob>()
                .WithIdentity(JobKeyFor(key))
                .UsingJobData(SecretSyncJob.RetryBoundKey, periodic.RetryBound.Ticks)
                .Build();
            ITrigger[] triggers = oneOff is null ? [Periodic(key, periodic)] : [Periodic(key, periodic), oneOff];
            await scheduler.ScheduleJob(job, triggers, ScheduleJobOptions.Replacing, cancellationToken);
        }
        else if (oneOff is not null)
        {
            await scheduler.ScheduleJob(oneOff, ScheduleJobOptions.Replacing, cancellationToken);
        }
    }

    public async Task<bool> DeleteAsync(SecretKey key, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        return await scheduler.DeleteJob(JobKeyFor(key), cancellationToken);
    }

    public async Task ScheduleRetryAsync(SecretKey key, TimeSpan delay, bool forceFreshRead, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        if (await scheduler.Exists(JobKeyFor(key), cancellationToken)) // gone if the Secret left meanwhile
        {
            var retry = OneOff(key, RetryKey(key), timeProvider.GetUtcNow() + delay, RetryPriority, forceFreshRead);
            await scheduler.ScheduleJob(retry, ScheduleJobOptions.Replacing, cancellationToken);
        }
    }

    public async Task CancelRetryAsync(SecretKey key, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await scheduler.UnscheduleJob(RetryKey(key), cancellationToken);
    }

    private ITrigger Periodic(SecretKey key, PeriodicSchedule periodic)
    {
        var builder = TriggerBuilder.Create(timeProvider)
            .WithIdentity(PeriodicKey(key))
            .ForJob(JobKeyFor(key))
            .WithPriority(PeriodicPriority)
            .StartAt(periodic.StartAt);

        // A missed periodic sync is skipped to the next instant of the schedule rather than fired late: catching up
        // would bunch Secrets together after a pause and lose the phase spread. The next one comes within an interval.
        return periodic.Cron is { } cron
            ? builder.WithSchedule(CronScheduleBuilder.Create(cron).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)).Build()
            : builder.WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(periodic.Interval!.Value)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)).Build();
    }

    private ITrigger OneOff(SecretKey key, TriggerKey triggerKey, DateTimeOffset at, int priority, bool forceFreshRead) =>
        TriggerBuilder.Create(timeProvider)
            .WithIdentity(triggerKey)
            .ForJob(JobKeyFor(key))
            .WithPriority(priority)
            .UsingJobData(SecretSyncJob.ForceFreshReadKey, forceFreshRead)
            .StartAt(at)
            // A one-off sync is owed, however late: fire it as soon as a thread is free.
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
}
