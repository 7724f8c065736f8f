using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Syncer.Observability;
using Syncer.Scheduling;
using Syncer.Sync;
using Syncer.Tests.Leadership;
using static Syncer.Tests.Sync.ManagedSecretStoreTests;

namespace Syncer.Tests.Scheduling;

/// <summary>Only the leader syncs: a standby drops what it takes, and losing leadership cancels the running sync.</summary>
public sealed class SyncDispatcherLeadershipTests : IAsyncDisposable
{
    private static readonly SecretKey Key = new("shop", "db");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly SyncerMetrics _metrics = new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
    private readonly ManagedSecretStore _store;
    private readonly SwitchableLeadership _leadership;
    private readonly CancellableSyncHandler _handler = new();
    private readonly SyncDispatcher _dispatcher;

    public SyncDispatcherLeadershipTests()
    {
        _store = new ManagedSecretStore(_metrics, _time);
        _store.Observe(Meta()).Interval = TimeSpan.FromHours(1);
        _leadership = new SwitchableLeadership(_time);
        var options = new SchedulingOptions { RetryInitialDelay = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromMinutes(5), MaxConcurrentSyncs = 2 };
        _dispatcher = new SyncDispatcher(_handler, _store, _leadership, new RetryBackoff(Options.Create(options), FixedRandom.Top), Options.Create(options),
            _metrics, _time, NullLogger<SyncDispatcher>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
    }

    [Fact(Timeout = 10_000)]
    public async Task OnAStandby_QueuedSyncsAreDropped_NotKeptForLater()
    {
        var ct = TestContext.Current.CancellationToken;
        await _dispatcher.StartAsync(ct);

        _dispatcher.SyncNow(Key, TimeSpan.Zero);
        _dispatcher.Refresh(Key);
        await Eventually.HoldsAsync(() => _dispatcher.Waiting == 0 && _dispatcher.Running == 0, "the queue is empty", ct);
        _leadership.Lead();
        _dispatcher.SyncNow(new SecretKey("shop", "other"), TimeSpan.Zero);
        await Eventually.HoldsAsync(() => _handler.Calls == 1, "the leader's sync ran", ct);

        Assert.Equal(1, _handler.Calls); // the standby's two were not run when it became leader
    }

    [Fact(Timeout = 10_000)]
    public async Task LosingLeadership_CancelsTheRunningSync_AndRecordsNeitherSuccessNorFailure()
    {
        var ct = TestContext.Current.CancellationToken;
        _leadership.Lead();
        await _dispatcher.StartAsync(ct);
        _dispatcher.SyncNow(Key, TimeSpan.Zero);
        await Eventually.HoldsAsync(() => _dispatcher.Running == 1, "the sync runs", ct);

        _leadership.StandDown();

        await Eventually.HoldsAsync(() => _dispatcher.Running == 0, "the sync stopped", ct);
        Assert.True(_handler.SawCancellation);
        Assert.True(_store.TryGet(Key, out var state));
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(0, _dispatcher.Delayed); // no retry queued: the next leader plans it afresh
        Assert.Equal(0, _metrics.LastSuccessfulSyncTimestamp.Value);
    }

    /// <summary>A sync that runs until its token is cancelled.</summary>
    private sealed class CancellableSyncHandler : ISyncHandler
    {
        private int _calls;
        private volatile bool _sawCancellation;

        public int Calls => _calls;

        public bool SawCancellation => _sawCancellation;

        public async Task<SyncResult> SyncAsync(SecretKey key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (key != Key)
            {
                return new SyncResult(SyncOutcome.Unchanged);
            }

            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                return new SyncResult(SyncOutcome.Changed);
            }
            catch (OperationCanceledException)
            {
                _sawCancellation = true;
                throw;
            }
        }
    }
}
