using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Leadership;
using Syncer.Observability;
using Syncer.Sync;

namespace Syncer.Scheduling;

/// <summary>
/// Runs syncs: <see cref="SchedulingOptions.MaxConcurrentSyncs"/> workers take Secrets from one coalescing queue with
/// two lanes, the fast lane (new, changed, hand-edited, never-synced Secrets and retries) before the refresh lane
/// (periodic firings), so a burst of new Secrets never waits behind a backlog of due refreshes. One Secret never
/// syncs twice at once; one queued twice syncs once; one queued while it syncs runs once more after. Only the leader
/// syncs: each sync runs under the leadership term's token (losing the Lease cancels it; the write is one guarded patch,
/// so it happens whole or not at all), and a standby drops what it takes, since the next term re-plans every Secret.
/// Shutdown stops taking work and lets running syncs finish. A retryable failure is queued again in the fast lane after
/// its jittered backoff, never past the next periodic sync; a success that deferred part of its work (a fresh read asked
/// for too soon) is queued again when that is due.
/// </summary>
internal sealed class SyncDispatcher(
    ISyncHandler handler,
    ManagedSecretStore store,
    ILeadership leadership,
    RetryBackoff backoff,
    IOptions<SchedulingOptions> options,
    SyncerMetrics metrics,
    TimeProvider timeProvider,
    ILogger<SyncDispatcher> logger) : BackgroundService
{
    private readonly WorkQueue<SecretKey> _queue = new(timeProvider);

    /// <summary>Secrets waiting to sync (both lanes).</summary>
    public int Waiting => _queue.Count;

    /// <summary>Secrets syncing now.</summary>
    public int Running => _queue.InProgress;

    /// <summary>Retries and delayed syncs not yet due.</summary>
    public int Delayed => _queue.Delayed;

    /// <summary>Ahead of periodic refresh, after <paramref name="delay"/>.</summary>
    public void SyncNow(SecretKey key, TimeSpan delay) => _queue.AddAfter(key, delay, WorkPriority.High);

    /// <summary>A periodic refresh: behind anything in the fast lane.</summary>
    public void Refresh(SecretKey key) => _queue.Add(key, WorkPriority.Normal);

    public override void Dispose()
    {
        _queue.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.MaxConcurrentSyncs).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            SecretKey key;
            try
            {
                key = await _queue.TakeAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var term = leadership.Token;
                if (!term.IsCancellationRequested)
                {
                    await RunAsync(key, term);
                }
            }
            finally
            {
                _queue.Done(key);
            }
        }
    }

    private async Task RunAsync(SecretKey key, CancellationToken term)
    {
        SyncResult result;
        try
        {
            // Not the stopping token: a sync that has started finishes (graceful shutdown); losing leadership stops it.
            result = await handler.SyncAsync(key, term);
        }
        catch (Exception) when (term.IsCancellationRequested)
        {
            Log.SyncStoppedByLeadershipLoss(logger, key); // the next leader re-plans it
            return;
        }
        catch (Exception ex)
        {
            Log.SyncThrew(logger, ex, key);
            result = new SyncResult(SyncOutcome.Failed, SyncFailureReason.KubernetesError, ex.GetType().Name);
        }

        if (!store.TryGet(key, out var state) || result.Outcome == SyncOutcome.Gone)
        {
            return; // the informer's Deleted event removes the state and the job
        }

        if (result.Succeeded)
        {
            var now = timeProvider.GetUtcNow();
            state.Succeeded(now);
            metrics.LastSuccessfulSyncTimestamp.Set(now.ToUnixTimeMilliseconds() / 1000d);
            if (result.FollowUpAfter is { } followUp)
            {
                _queue.AddAfter(key, followUp, WorkPriority.High); // a deferred fresh read (force-sync), in the fast lane
            }

            return;
        }

        var failures = state.Failed();
        if (!result.Retryable)
        {
            Log.RetryLeftToChange(logger, key, failures); // needs a person: the next periodic sync or a change tries again
        }
        else if (backoff.NextRetry(failures, state.Interval) is { } delay)
        {
            Log.RetryScheduled(logger, key, failures, delay);
            _queue.AddAfter(key, delay, WorkPriority.High);
        }
        else
        {
            Log.RetryLeftToPeriodic(logger, key, failures);
        }
    }
}
