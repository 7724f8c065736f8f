using Quartz;
using Syncer.Discovery;
using Syncer.Scheduling;

namespace Syncer.Tests.Scheduling;

public sealed class SecretJobSchedulerTests
{
    private static readonly SecretKey Key = new("shop", "db");
    private static readonly DateTimeOffset PhaseStart = QuartzTestScheduler.Start + TimeSpan.FromMinutes(17);

    private static SchedulePlan NewSecretPlan(ImmediateSync immediate = ImmediateSync.Sync) =>
        new(new PeriodicSchedule(TimeSpan.FromHours(1), null, PhaseStart, TimeSpan.FromHours(1)), immediate, SecretChange.New);

    [Fact(Timeout = 10_000)]
    public async Task ApplyAsync_ForANewSecret_StoresOneNonConcurrentJobKeyedByNameAndNamespace()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);

        await jobs.ApplyAsync(Key, NewSecretPlan(), TestContext.Current.CancellationToken);

        var job = await quartz.Scheduler.GetJobDetail(new JobKey("db", "shop"), TestContext.Current.CancellationToken);
        Assert.NotNull(job);
        Assert.True(job.ConcurrentExecutionDisallowed);
        Assert.Equal(TimeSpan.FromHours(1).Ticks, job.JobDataMap.GetLong(SecretSyncJob.RetryBoundKey));
    }

    [Fact(Timeout = 10_000)]
    public async Task ApplyAsync_ForANewSecret_StoresThePhasedPeriodicTriggerAndAnImmediateOneAhead()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);

        await jobs.ApplyAsync(Key, NewSecretPlan(), TestContext.Current.CancellationToken);

        var periodic = Assert.IsAssignableFrom<ISimpleTrigger>(
            await quartz.Scheduler.GetTrigger(SecretJobScheduler.PeriodicKey(Key), TestContext.Current.CancellationToken));
        Assert.Equal(TimeSpan.FromHours(1), periodic.RepeatInterval);
        Assert.Equal(PhaseStart, periodic.StartTimeUtc);
        Assert.Equal(SimpleTriggerMisfireInstruction.NextWithRemainingCount, periodic.MisfireInstruction);

        var now = Assert.IsAssignableFrom<ISimpleTrigger>(
            await quartz.Scheduler.GetTrigger(SecretJobScheduler.NowKey(Key), TestContext.Current.CancellationToken));
        Assert.Equal(QuartzTestScheduler.Start, now.StartTimeUtc);
        Assert.True(now.Priority > periodic.Priority);
        Assert.Equal(SimpleTriggerMisfireInstruction.FireNow, now.MisfireInstruction);
        Assert.False(now.JobDataMap.GetBoolean(SecretSyncJob.ForceFreshReadKey));
    }

    [Fact(Timeout = 10_000)]
    public async Task ApplyAsync_ForAForceSync_AddsATriggerAskingForAFreshRead()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);
        await jobs.ApplyAsync(Key, NewSecretPlan(ImmediateSync.None), TestContext.Current.CancellationToken);

        await jobs.ApplyAsync(Key, new SchedulePlan(null, ImmediateSync.ForceFreshRead, SecretChange.ForceSync), TestContext.Current.CancellationToken);

        var force = await quartz.Scheduler.GetTrigger(SecretJobScheduler.ForceKey(Key), TestContext.Current.CancellationToken);
        Assert.NotNull(force);
        Assert.True(force.JobDataMap.GetBoolean(SecretSyncJob.ForceFreshReadKey));
        Assert.NotNull(await quartz.Scheduler.GetTrigger(SecretJobScheduler.PeriodicKey(Key), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 10_000)]
    public async Task ApplyAsync_WithACronSchedule_StoresACronTriggerThatSkipsMisfires()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);
        var plan = new SchedulePlan(
            new PeriodicSchedule(null, "0 0/15 * * * ?", QuartzTestScheduler.Start, TimeSpan.FromMinutes(15)), ImmediateSync.None, SecretChange.New);

        await jobs.ApplyAsync(Key, plan, TestContext.Current.CancellationToken);

        var cron = Assert.IsAssignableFrom<ICronTrigger>(
            await quartz.Scheduler.GetTrigger(SecretJobScheduler.PeriodicKey(Key), TestContext.Current.CancellationToken));
        Assert.Equal("0 0/15 * * * ?", cron.CronExpressionString);
        Assert.Equal(CronTriggerMisfireInstruction.DoNothing, cron.MisfireInstruction);
    }

    [Fact(Timeout = 10_000)]
    public async Task DeleteAsync_RemovesTheJobAndItsTriggers()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);
        await jobs.ApplyAsync(Key, NewSecretPlan(), TestContext.Current.CancellationToken);

        Assert.True(await jobs.DeleteAsync(Key, TestContext.Current.CancellationToken));

        Assert.False(await quartz.Scheduler.Exists(new JobKey("db", "shop"), TestContext.Current.CancellationToken));
        Assert.Null(await quartz.Scheduler.GetTrigger(SecretJobScheduler.PeriodicKey(Key), TestContext.Current.CancellationToken));
    }
}
