using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Kubernetes;

namespace Syncer.Restart;

/// <summary>
/// One pass over one workload: the planner's decision from the index, carried out. A roll is one merge patch guarded by
/// the record's resourceVersion; its answer goes into the index at once (the cap counts it before its watch event
/// arrives), and the Secrets it was rolled for are looked at again. A 409 means the record was stale: look again
/// after the watch catches up. A refused patch is reported and retried with backoff; the pending mark stays, so the
/// next pass (or the next start) heals it.
/// </summary>
internal sealed class WorkloadRestarter(
    IKubernetes client,
    WorkloadIndex index,
    PendingRollouts pending,
    RestartPlanner planner,
    RestartWaits waits,
    RestartReporter reporter,
    WorkQueue<RestartItem> queue,
    IOptions<RestartOptions> options,
    TimeProvider timeProvider,
    ILogger<WorkloadRestarter> logger)
{
    private readonly RestartOptions _options = options.Value;

    public async Task RunAsync(WorkloadKey key, CancellationToken cancellationToken)
    {
        if (index.Get(key) is not { } workload)
        {
            waits.Forget(key);
            return;
        }

        var now = timeProvider.GetUtcNow();
        if (workload.RolledBySyncer && planner.Progress(workload, now) == RolloutProgress.Stalled)
        {
            await reporter.StalledAsync(workload, cancellationToken);
        }

        var inProgress = planner.InProgress(index.Rolling(), now);
        var decision = planner.PlanWorkload(workload, pending.InNamespace(key.Namespace), inProgress, now);
        waits.Set(key, decision.Action);
        switch (decision.Action)
        {
            case WorkloadAction.Later:
                queue.AddAfter(RestartItem.Of(key), decision.Delay);
                break;
            case WorkloadAction.Paused or WorkloadAction.Cap:
                await reporter.WaitingAsync(workload, decision, inProgress, _options.MaxRolloutsInProgress, cancellationToken);
                break;
            case WorkloadAction.Roll:
                await RollAsync(workload, decision, now, cancellationToken);
                break;
        }
    }

    private async Task RollAsync(WorkloadRecord workload, WorkloadDecision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = workload.Key;
        try
        {
            var written = await key.Kind.PatchAsync(client, key.Namespace, key.Name, RolloutPatch.Build(workload, decision.Owed, now), cancellationToken);
            var (_, kept) = index.Upsert(written, now);
            waits.Succeeded(key);
            await reporter.RolledAsync(kept, decision, cancellationToken);
            foreach (var rolledFor in decision.Owed)
            {
                queue.Add(RestartItem.Of(rolledFor.Key));
            }
        }
        catch (Exception ex) when (SecretClient.IsConflict(ex))
        {
            Log.Conflict(logger, key.ToString());
            queue.AddAfter(RestartItem.Of(key), _options.RetryInitialDelay);
        }
        catch (Exception ex) when (SecretClient.IsNotFound(ex))
        {
            waits.Forget(key); // deleted meanwhile: its Deleted event removes it from the index
        }
        catch (Exception ex) when (SecretClient.IsFailure(ex, cancellationToken))
        {
            var delay = ExponentialBackoff.Delay(waits.Failed(key), _options.RetryInitialDelay, _options.RetryMaxDelay);
            await reporter.RollFailedAsync(workload, decision, SecretClient.Describe($"patching the {key.Kind.Name}", ex), delay, cancellationToken);
            queue.AddAfter(RestartItem.Of(key), delay);
        }
    }
}
