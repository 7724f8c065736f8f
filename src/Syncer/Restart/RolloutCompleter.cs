using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Kubernetes;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Restart;

/// <summary>
/// One pass over one Secret with a pending revision: when every consumer is done, one status write (a merge patch
/// guarded by the resourceVersion) removes <c>syncer.io/rollout-pending</c>, and one Event names the workloads rolled
/// for it (a Warning when the Secret lists workloads that do not exist). The write's resourceVersion becomes the
/// verified one when the Secret was at it, so its watch event costs no sync.
/// </summary>
internal sealed class RolloutCompleter(
    SecretClient secrets,
    ManagedSecretStore store,
    WorkloadIndex index,
    PendingRollouts pending,
    RestartReporter reporter,
    WorkQueue<RestartItem> queue,
    IOptions<RestartOptions> options,
    ILogger<RolloutCompleter> logger)
{
    private readonly RestartOptions _options = options.Value;
    private int _failures;

    public async Task RunAsync(SecretKey key, CancellationToken cancellationToken)
    {
        if (pending.Get(key) is not { } rollout)
        {
            return;
        }

        var (consumers, missing) = index.Targets(rollout);
        var decision = RestartPlanner.PlanCompletion(rollout, consumers);
        if (!decision.Done)
        {
            return; // a consumer's pass (or its watch event) brings this Secret back
        }

        if (await RemoveMarkAsync(rollout, cancellationToken) is not { } written)
        {
            return;
        }

        pending.Remove(key); // its watch event says so too; meanwhile no second write
        await reporter.SecretDoneAsync(rollout, written.Metadata.ResourceVersion, decision.Rolled, missing, cancellationToken);
    }

    /// <returns>The Secret as written, or null when the write failed (and the Secret is queued again, unless gone).</returns>
    private async Task<k8s.Models.V1Secret?> RemoveMarkAsync(PendingRollout rollout, CancellationToken cancellationToken)
    {
        var key = rollout.Key;
        var patch = new SecretPlan(new Dictionary<string, byte[]>(), [], new Dictionary<string, string?> { [SyncAnnotations.RolloutPending] = null })
            .ToMergePatch(rollout.ResourceVersion);
        var state = store.TryGet(key, out var managed) ? managed : null;
        using var announced = state?.BeginStatusWrite();
        try
        {
            var written = await secrets.PatchAsync(key.Namespace, key.Name, patch, cancellationToken);
            state?.AdvanceVerified(rollout.ResourceVersion, written.Metadata.ResourceVersion);
            _failures = 0;
            return written;
        }
        catch (Exception ex) when (SecretClient.IsConflict(ex))
        {
            Log.Conflict(logger, $"Secret {key}");
            queue.AddAfter(RestartItem.Of(key), _options.RetryInitialDelay);
        }
        catch (Exception ex) when (SecretClient.IsNotFound(ex))
        {
            pending.Remove(key);
        }
        catch (Exception ex) when (SecretClient.IsFailure(ex, cancellationToken))
        {
            var delay = ExponentialBackoff.Delay(++_failures, _options.RetryInitialDelay, _options.RetryMaxDelay);
            Log.SecretDoneFailed(logger, key.Namespace, key.Name, SecretClient.Describe("removing rollout-pending", ex), delay);
            queue.AddAfter(RestartItem.Of(key), delay);
        }

        return null;
    }
}
