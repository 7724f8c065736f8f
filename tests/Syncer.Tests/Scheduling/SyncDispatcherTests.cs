using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Syncer.Leadership;
using Syncer.Observability;
using Syncer.Scheduling;
using Syncer.Sync;
using static Syncer.Tests.Sync.ManagedSecretStoreTests;

namespace Syncer.Tests.Scheduling;

/// <summary>The dispatcher with a recording handler on a fake clock: retries, lanes, concurrency.</summary>
public sealed class SyncDispatcherTests : IAsyncDisposable
{
    private static readonly SecretKey Key = new("shop", "db");
    private static readonly SyncResult Transient = new(SyncOutcome.Failed, SyncFailureReason.VaultUnavailable, "Vault is sealed");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly SyncerMetrics _metrics = new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
    private readonly RecordingSyncHandler _handler = new();
    private readonly ManagedSecretStore _store;
    private SyncDispatcher? _dispatcher;

    public SyncDispatcherTests()
    {
        _store = new ManagedSecretStore(_metrics, _time);
        _store.Observe(Meta()).Interval = TimeSpan.FromHours(1);
    }

    private async Task<SyncDispatcher> StartAsync(int workers = 4, Random? random = null)
    {
        var options = new SchedulingOptions { RetryInitialDelay = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromMinutes(5), MaxConcurrentSyncs = workers };
        _dispatcher = new SyncDispatcher(_handler, _store, new AlwaysLeader(), new RetryBackoff(Options.Create(options), random ?? FixedRandom.Top), Options.Create(options),
            _metrics, _time, NullLogger<SyncDispatcher>.Instance);
        await _dispatcher.StartAsync(TestContext.Current.CancellationToken);
        return _dispatcher;
    }

    public async ValueTask DisposeAsync()
    {
        if (_dispatcher is not null)
        {
            _handler.Gate?.TrySetResult();
            await _dispatcher.StopAsync(CancellationToken.None);
            _dispatcher.Dispose();
        }
    }

    /// <summary>One sync now, run to its end; <paramref name="retries"/> is how many retries it left due later.</summary>
    private async Task SyncOnceAsync(SyncDispatcher dispatcher, int retries, CancellationToken ct)
    {
        dispatcher.SyncNow(Key, TimeSpan.Zero);
        await Calls(1, ct);
        await Idle(ct, delayed: retries);
    }

    private Task Calls(int count, CancellationToken ct) => Eventually.HoldsAsync(() => _handler.Calls.Count >= count, $"{count} sync(s) ran", ct);

    private Task Idle(CancellationToken ct, int delayed = 0) => Eventually.HoldsAsync(
        () => _dispatcher!.Waiting == 0 && _dispatcher.Running == 0 && _dispatcher.Delayed == delayed, $"the dispatcher is idle with {delayed} retry(ies) due later", ct);

    [Fact(Timeout = 10_000)]
    public async Task SyncNow_WhenTheSyncFailsTransiently_RetriesAfterTheInitialDelayOnTheClock()
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Outcome = _ => Transient;
        var dispatcher = await StartAsync();

        await SyncOnceAsync(dispatcher, retries: 1, ct);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Single(_handler.Calls);

        _time.Advance(TimeSpan.FromSeconds(0.1));

        await Calls(2, ct);
        Assert.True(_store.TryGet(Key, out var state) && state.ConsecutiveFailures >= 1);
    }

    [Fact(Timeout = 10_000)]
    public async Task SyncNow_WhenTheSyncKeepsFailing_DoublesTheDelay()
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Outcome = _ => Transient;
        var dispatcher = await StartAsync();
        await SyncOnceAsync(dispatcher, retries: 1, ct);
        _time.Advance(TimeSpan.FromSeconds(5));
        await Calls(2, ct);
        await Idle(ct, delayed: 1);

        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(2, _handler.Calls.Count);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        await Calls(3, ct);
    }

    [Fact(Timeout = 10_000)]
    public async Task SyncNow_WhenTheHandlerThrows_CountsItAsARetryableFailure()
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Outcome = _ => throw new InvalidOperationException("boom");
        var dispatcher = await StartAsync();

        await SyncOnceAsync(dispatcher, retries: 1, ct);
        _time.Advance(TimeSpan.FromSeconds(5));

        await Calls(2, ct);
    }

    [Fact(Timeout = 10_000)]
    public async Task SyncNow_WhenTheBackoffReachesTheInterval_LeavesTheRetryToThePeriodicTrigger()
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Outcome = _ => Transient;
        Assert.True(_store.TryGet(Key, out var state));
        state.Interval = TimeSpan.FromSeconds(5);
        var dispatcher = await StartAsync();

        await SyncOnceAsync(dispatcher, retries: 0, ct);
        _time.Advance(TimeSpan.FromMinutes(10));
        await Idle(ct);

        Assert.Single(_handler.Calls);
    }

    [Fact(Timeout = 10_000)]
    public async Task SyncNow_WhenTheFailureNeedsAPerson_DoesNotRetry()
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Outcome = _ => new SyncResult(SyncOutcome.Failed, SyncFailureReason.Forbidden, "denied");
        var dispatcher = await StartAsync();

        await SyncOnceAsync(dispatcher, retries: 0, ct);
        _time.Advance(TimeSpan.FromMinutes(10));
        await Idle(ct);

        Assert.Single(_handler.Calls);
    }

    [Fact(Timeout = 10_000)]
    public async Task SyncNow_AfterFailures_ASuccessResetsTheCountAndRecordsFreshness()
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Outcome = _ => Transient;
        var dispatcher = await StartAsync();
        await SyncOnceAsync(dispatcher, retries: 1, ct);

        _handler.Outcome = _ => new SyncResult(SyncOutcome.Unchanged);
        _time.Advance(TimeSpan.FromSeconds(5));
        await Calls(2, ct);
        await Idle(ct);

        Assert.True(_store.TryGet(Key, out var state));
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(_time.GetUtcNow(), state.FreshSince);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), _metrics.LastSuccessfulSyncTimestamp.Value);
    }

    [Fact(Timeout = 10_000)]
    public async Task Workers_NeverRunMoreSyncsAtOnceThanMaxConcurrentSyncs()
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = await StartAsync(workers: 2);

        for (var i = 0; i < 6; i++)
        {
            dispatcher.Refresh(new SecretKey("shop", $"s{i}"));
        }

        await Calls(2, ct);
        Assert.Equal(2, _handler.Calls.Count);
        _handler.Gate.SetResult();
        await Calls(6, ct);
        Assert.Equal(2, _handler.MaxRunning);
    }

    [Fact(Timeout = 10_000)]
    public async Task SyncNow_DuringABacklogOfRefreshes_GoesAheadOfIt()
    {
        var ct = TestContext.Current.CancellationToken;
        _handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = await StartAsync(workers: 1);
        var backlog = Enumerable.Range(0, 20).Select(i => new SecretKey("shop", $"due-{i}")).ToList();
        backlog.ForEach(dispatcher.Refresh);
        await Calls(1, ct); // one refresh runs, nineteen wait

        dispatcher.SyncNow(new SecretKey("shop", "new-1"), TimeSpan.Zero);
        dispatcher.SyncNow(new SecretKey("shop", "new-2"), TimeSpan.Zero);
        _handler.Gate.SetResult();
        await Calls(22, ct);

        var order = _handler.Calls.Select(k => k.Name).ToList();
        Assert.Equal(["new-1", "new-2"], order.Skip(1).Take(2));
    }

    [Fact(Timeout = 10_000)]
    public async Task SyncNow_WhenManySecretsFailTogether_RetriesSpreadOverTheSecondHalfOfTheBackoff()
    {
        var ct = TestContext.Current.CancellationToken;
        var keys = Enumerable.Range(0, 20).Select(i => new SecretKey("shop", $"s{i}")).ToList();
        keys.ForEach(k => _store.Observe(Meta(k.Name, uid: k.Name)).Interval = TimeSpan.FromHours(1));
        _handler.Outcome = _ => Transient; // a Vault outage: every Secret fails at the same instant
        var dispatcher = await StartAsync(workers: 1, random: new Random(1234));
        keys.ForEach(k => dispatcher.SyncNow(k, TimeSpan.Zero));
        await Calls(20, ct);
        await Idle(ct, delayed: 20);

        _time.Advance(TimeSpan.FromSeconds(2.49)); // nothing before half the 5 s delay
        await Idle(ct, delayed: 20);
        var beforeHalf = _handler.Calls.Count - 20;
        _time.Advance(TimeSpan.FromSeconds(3.75 - 2.49));
        await Eventually.HoldsAsync(() => _dispatcher!.Waiting == 0 && _dispatcher.Running == 0 && _handler.Completed == _handler.Calls.Count, "the due retries ran", ct);
        var byMidpoint = _handler.Calls.Count - 20;
        _time.Advance(TimeSpan.FromSeconds(5 - 3.75));
        await Eventually.HoldsAsync(() => _handler.Calls.Count == 40, "every Secret retried once by the full delay", ct);

        Assert.Equal(0, beforeHalf);
        Assert.InRange(byMidpoint, 1, 19); // some, not all: the retries are spread, not one wave
    }

    [Fact(Timeout = 10_000)]
    public async Task Sync_ThatDeferredAFreshRead_IsQueuedAgainWhenItIsDue()
    {
        var ct = TestContext.Current.CancellationToken;
        var calls = 0;
        _handler.Outcome = _ => Interlocked.Increment(ref calls) == 1
            ? new SyncResult(SyncOutcome.Unchanged, FollowUpAfter: TimeSpan.FromSeconds(30))
            : new SyncResult(SyncOutcome.Changed);
        var dispatcher = await StartAsync();

        await SyncOnceAsync(dispatcher, retries: 1, ct);
        _time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Single(_handler.Calls);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        await Calls(2, ct);
        await Idle(ct);
        Assert.Equal(2, _handler.Calls.Count);
    }
}
