using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Syncer.Discovery;

namespace Syncer.Scheduling;

/// <summary>
/// Runs one sync through the <see cref="ISecretSyncHandler"/> seam and schedules a retry when it fails: exponential
/// backoff over consecutive failures, never past the next periodic sync. The failure count is only backoff state;
/// losing it on restart costs at most an early retry.
/// </summary>
internal sealed class SyncJobRunner(
    ISecretSyncHandler handler,
    RetryBackoff backoff,
    SecretJobScheduler jobs,
    SyncFreshness freshness,
    ILogger<SyncJobRunner> logger)
{
    private readonly ConcurrentDictionary<SecretKey, int> _failures = new();

    public async Task<SyncOutcome> RunAsync(SecretKey key, bool forceFreshRead, TimeSpan retryBound, CancellationToken cancellationToken)
    {
        SyncOutcome outcome;
        try
        {
            outcome = await handler.SyncAsync(key, forceFreshRead, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SyncThrew(logger, ex, key);
            outcome = SyncOutcome.Failed;
        }

        if (outcome == SyncOutcome.Rejected)
        {
            return outcome; // retrying cannot help: the next periodic sync or an annotation change will
        }

        if (outcome != SyncOutcome.Failed)
        {
            freshness.Succeeded(key);
            if (_failures.TryRemove(key, out _))
            {
                await jobs.CancelRetryAsync(key, cancellationToken);
            }

            return outcome;
        }

        var failures = _failures.AddOrUpdate(key, 1, static (_, count) => count + 1);
        if (backoff.NextRetry(failures, retryBound) is { } delay)
        {
            Log.RetryScheduled(logger, key, failures, delay);
            await jobs.ScheduleRetryAsync(key, delay, forceFreshRead, cancellationToken);
        }
        else
        {
            Log.RetryLeftToPeriodic(logger, key, failures);
        }

        return outcome;
    }

    /// <summary>Drops the state of a Secret that left the schedule.</summary>
    public void Forget(SecretKey key) => _failures.TryRemove(key, out _);
}
