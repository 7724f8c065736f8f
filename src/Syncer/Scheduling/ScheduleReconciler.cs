using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Syncer.Discovery;

namespace Syncer.Scheduling;

/// <summary>
/// Takes changed keys from the work queue and makes Quartz agree with the index: a Secret in the index has its job
/// (planned by <see cref="SchedulePlanner"/>), any other has none. Level-triggered: it reads the index, not the
/// event, so coalesced or repeated keys are harmless. Waits for the initial list before acting.
/// Leader election (later) gates only the Quartz scheduler (start / standby); every replica keeps its jobs current
/// so a new leader has them all at once.
/// </summary>
internal sealed class ScheduleReconciler(
    SecretIndex index,
    CoalescingWorkQueue<SecretKey> queue,
    DiscoveryReadiness readiness,
    SchedulePlanner planner,
    SecretJobScheduler jobs,
    SyncJobRunner runner,
    SyncFreshness freshness,
    TimeProvider timeProvider,
    ILogger<ScheduleReconciler> logger) : BackgroundService
{
    // What the scheduler last acted on, per Secret; only this loop touches it.
    private readonly Dictionary<SecretKey, WatchedSecret> _applied = [];
    private readonly Dictionary<SecretKey, int> _failures = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WaitAsync(stoppingToken);
            Log.Started(logger, index.Count);
            while (!stoppingToken.IsCancellationRequested)
            {
                var key = await queue.TakeAsync(stoppingToken);
                try
                {
                    await ReconcileAsync(key, stoppingToken);
                    _failures.Remove(key);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    var failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
                    var delay = ExponentialBackoff.Delay(failures, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));
                    Log.ReconcileFailed(logger, ex, key, delay);
                    _ = RequeueLaterAsync(key, delay, stoppingToken);
                }
                finally
                {
                    queue.Done(key);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task ReconcileAsync(SecretKey key, CancellationToken cancellationToken)
    {
        if (!index.TryGet(key, out var current))
        {
            await jobs.DeleteAsync(key, cancellationToken);
            _applied.Remove(key);
            runner.Forget(key);
            freshness.Forget(key);
            Log.Unscheduled(logger, key);
            return;
        }

        _applied.TryGetValue(key, out var previous);
        var plan = planner.Plan(previous, current, timeProvider.GetUtcNow());
        if (!plan.IsEmpty)
        {
            await jobs.ApplyAsync(key, plan, cancellationToken);
            Log.Scheduled(logger, key, plan.Change, plan.Periodic, plan.Immediate);
        }

        freshness.Track(key);
        _applied[key] = current;
    }

    private async Task RequeueLaterAsync(SecretKey key, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
            queue.Add(key);
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }
}
