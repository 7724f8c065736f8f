using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;
using Quartz;
using Syncer.Discovery;
using Syncer.Observability;
using Syncer.Scheduling;
using SchedulingOptions = Syncer.Scheduling.SchedulingOptions;

namespace Syncer.Tests.Scheduling;

public sealed class SyncJobRunnerTests
{
    private static readonly SecretKey Key = new("shop", "db");
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly RecordingSyncHandler _handler = new();
    private readonly SyncerMetrics _metrics = new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));

    private async Task<(QuartzTestScheduler Quartz, SyncJobRunner Runner)> CreateAsync()
    {
        var quartz = await QuartzTestScheduler.CreateAsync(TestContext.Current.CancellationToken);
        var jobs = new SecretJobScheduler(quartz.Factory, quartz.Time);
        var plan = new SchedulePlan(new PeriodicSchedule(Hour, null, QuartzTestScheduler.Start, Hour), ImmediateSync.None, SecretChange.New);
        await jobs.ApplyAsync(Key, plan, TestContext.Current.CancellationToken);
        var backoff = new RetryBackoff(Options.Create(new SchedulingOptions
        {
            RetryInitialDelay = TimeSpan.FromSeconds(5),
            RetryMaxDelay = TimeSpan.FromMinutes(5),
        }));
        var runner = new SyncJobRunner(_handler, backoff, jobs, new SyncFreshness(_metrics, quartz.Time), NullLogger<SyncJobRunner>.Instance);
        return (quartz, runner);
    }

    private static Task<ITrigger?> RetryTrigger(QuartzTestScheduler quartz) =>
        quartz.Scheduler.GetTrigger(SecretJobScheduler.RetryKey(Key), TestContext.Current.CancellationToken).AsTask();

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_WhenTheSyncFails_SchedulesARetryAfterTheInitialDelay()
    {
        var (quartz, runner) = await CreateAsync();
        await using var _ = quartz;
        _handler.Outcome = _ => SyncOutcome.Failed;

        await runner.RunAsync(Key, forceFreshRead: true, Hour, TestContext.Current.CancellationToken);

        var retry = await RetryTrigger(quartz);
        Assert.NotNull(retry);
        Assert.Equal(QuartzTestScheduler.Start + TimeSpan.FromSeconds(5), retry.StartTimeUtc);
        Assert.True(retry.JobDataMap.GetBoolean(SecretSyncJob.ForceFreshReadKey)); // a forced sync stays forced
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_WhenTheSyncFailsAgain_DoublesTheDelay()
    {
        var (quartz, runner) = await CreateAsync();
        await using var _ = quartz;
        _handler.Outcome = _ => SyncOutcome.Failed;

        await runner.RunAsync(Key, false, Hour, TestContext.Current.CancellationToken);
        await runner.RunAsync(Key, false, Hour, TestContext.Current.CancellationToken);
        await runner.RunAsync(Key, false, Hour, TestContext.Current.CancellationToken);

        Assert.Equal(QuartzTestScheduler.Start + TimeSpan.FromSeconds(20), (await RetryTrigger(quartz))!.StartTimeUtc);
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_WhenTheHandlerThrows_CountsItAsAFailure()
    {
        var (quartz, runner) = await CreateAsync();
        await using var _ = quartz;
        _handler.Outcome = _ => throw new InvalidOperationException("boom");

        var outcome = await runner.RunAsync(Key, false, Hour, TestContext.Current.CancellationToken);

        Assert.Equal(SyncOutcome.Failed, outcome);
        Assert.NotNull(await RetryTrigger(quartz));
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_WhenTheBackoffReachesTheRefreshInterval_LeavesTheRetryToThePeriodicTrigger()
    {
        var (quartz, runner) = await CreateAsync();
        await using var _ = quartz;
        _handler.Outcome = _ => SyncOutcome.Failed;

        await runner.RunAsync(Key, false, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Null(await RetryTrigger(quartz));
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_WhenASyncSucceedsAfterFailures_CancelsThePendingRetry()
    {
        var (quartz, runner) = await CreateAsync();
        await using var _ = quartz;
        _handler.Outcome = _ => SyncOutcome.Failed;
        await runner.RunAsync(Key, false, Hour, TestContext.Current.CancellationToken);

        _handler.Outcome = _ => SyncOutcome.Unchanged;
        await runner.RunAsync(Key, false, Hour, TestContext.Current.CancellationToken);

        Assert.Null(await RetryTrigger(quartz));
        Assert.Equal(QuartzTestScheduler.Start.ToUnixTimeSeconds(), _metrics.LastSuccessfulSyncTimestamp.Value);
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_WhenTheSyncIsRejected_DoesNotRetry()
    {
        var (quartz, runner) = await CreateAsync();
        await using var _ = quartz;
        _handler.Outcome = _ => SyncOutcome.Rejected;

        await runner.RunAsync(Key, false, Hour, TestContext.Current.CancellationToken);

        Assert.Null(await RetryTrigger(quartz));
    }
}
