using Quartz;
using Syncer.Scheduling;
using Syncer.Sync;

namespace Syncer.Tests.Scheduling;

public sealed class SecretJobSchedulerTests
{
    private static readonly SecretKey Key = new("shop", "db");
    private static readonly DateTimeOffset PhaseStart = QuartzTestScheduler.Start + TimeSpan.FromMinutes(17);
    private static readonly PeriodicSchedule Hourly = new(TimeSpan.FromHours(1), null, PhaseStart);

    [Fact(Timeout = 10_000)]
    public async Task UpsertAsync_ForANewSecret_StoresOneNonConcurrentJobKeyedByNameAndNamespace()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);

        await jobs.UpsertAsync(Key, Hourly, TestContext.Current.CancellationToken);

        var job = await quartz.Scheduler.GetJobDetail(new JobKey("db", "shop"), TestContext.Current.CancellationToken);
        Assert.NotNull(job);
        Assert.True(job.ConcurrentExecutionDisallowed);
        Assert.Empty(job.JobDataMap); // nothing per Secret beyond its key
    }

    [Fact(Timeout = 10_000)]
    public async Task UpsertAsync_ForTwoSecrets_SharesOneJobTypeThatStillResolvesTheSyncJob()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);

        await jobs.UpsertAsync(Key, Hourly, TestContext.Current.CancellationToken);
        await jobs.UpsertAsync(new SecretKey("shop", "cache"), Hourly, TestContext.Current.CancellationToken);

        var first = await quartz.Scheduler.GetJobDetail(new JobKey("db", "shop"), TestContext.Current.CancellationToken);
        var second = await quartz.Scheduler.GetJobDetail(new JobKey("cache", "shop"), TestContext.Current.CancellationToken);
        Assert.Same(first!.JobType, second!.JobType); // one per process, not one per Secret
        Assert.Equal(typeof(SecretSyncJob), first.JobType.Type);
    }

    [Fact(Timeout = 10_000)]
    public async Task UpsertAsync_ForANewSecret_StoresOnlyThePhasedPeriodicTrigger()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);

        await jobs.UpsertAsync(Key, Hourly, TestContext.Current.CancellationToken);

        var periodic = Assert.IsAssignableFrom<ISimpleTrigger>(
            await quartz.Scheduler.GetTrigger(SecretJobScheduler.PeriodicKey(Key), TestContext.Current.CancellationToken));
        Assert.Equal(TimeSpan.FromHours(1), periodic.RepeatInterval);
        Assert.Equal(PhaseStart, periodic.StartTimeUtc);
        Assert.Equal(SimpleTriggerMisfireInstruction.NextWithRemainingCount, periodic.MisfireInstruction);
        Assert.Single(await quartz.Scheduler.GetTriggersOfJob(new JobKey("db", "shop"), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 10_000)]
    public async Task UpsertAsync_AgainWithANewInterval_ReplacesTheTrigger()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);
        await jobs.UpsertAsync(Key, Hourly, TestContext.Current.CancellationToken);

        await jobs.UpsertAsync(Key, Hourly with { Interval = TimeSpan.FromMinutes(5) }, TestContext.Current.CancellationToken);

        var periodic = Assert.IsAssignableFrom<ISimpleTrigger>(
            Assert.Single(await quartz.Scheduler.GetTriggersOfJob(new JobKey("db", "shop"), TestContext.Current.CancellationToken)));
        Assert.Equal(TimeSpan.FromMinutes(5), periodic.RepeatInterval);
    }

    [Fact(Timeout = 10_000)]
    public async Task UpsertAsync_WithACronSchedule_StoresAUtcCronTriggerThatSkipsMisfires()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);

        await jobs.UpsertAsync(Key, new PeriodicSchedule(TimeSpan.FromMinutes(15), "0 0/15 * * * ?", QuartzTestScheduler.Start), TestContext.Current.CancellationToken);

        var cron = Assert.IsAssignableFrom<ICronTrigger>(
            await quartz.Scheduler.GetTrigger(SecretJobScheduler.PeriodicKey(Key), TestContext.Current.CancellationToken));
        Assert.Equal("0 0/15 * * * ?", cron.CronExpressionString);
        Assert.Equal(CronTriggerMisfireInstruction.DoNothing, cron.MisfireInstruction);
        Assert.Equal(TimeZoneInfo.Utc, cron.TimeZone);
    }

    /// <summary>The cron is checked in UTC (CronSyntax) and fires in UTC, whatever the machine's zone (run with TZ=America/New_York to see).</summary>
    [Fact(Timeout = 10_000)]
    public async Task UpsertAsync_WithACronSchedule_FiresAtItsTimesInUtc()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);

        await jobs.UpsertAsync(Key, new PeriodicSchedule(TimeSpan.FromDays(1), "0 30 9 * * ?", QuartzTestScheduler.Start), TestContext.Current.CancellationToken);

        var cron = Assert.IsAssignableFrom<ICronTrigger>(
            await quartz.Scheduler.GetTrigger(SecretJobScheduler.PeriodicKey(Key), TestContext.Current.CancellationToken));
        var first = cron.NextFireTimeUtc;
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero), cron.GetFireTimeAfter(first));
    }

    [Fact(Timeout = 10_000)]
    public async Task DeleteAsync_RemovesTheJobAndItsTrigger()
    {
        await using var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);
        await jobs.UpsertAsync(Key, Hourly, TestContext.Current.CancellationToken);

        Assert.True(await jobs.DeleteAsync(Key, TestContext.Current.CancellationToken));

        Assert.False(await quartz.Scheduler.Exists(new JobKey("db", "shop"), TestContext.Current.CancellationToken));
        Assert.Null(await quartz.Scheduler.GetTrigger(SecretJobScheduler.PeriodicKey(Key), TestContext.Current.CancellationToken));
    }
}
