using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace Syncer.Leadership;

/// <summary>
/// Gives the Lease up on a graceful stop, as client-go's ReleaseOnCancel does (the KubernetesClient's elector does
/// not): empty holder, one-second lease, so a standby takes over at its next retry. Guarded by the resourceVersion
/// of the read just before (the lock's update replaces that object), so a Lease someone else took meanwhile is left alone.
/// </summary>
internal sealed class LeaseRelease(LeaseLock leaseLock, string identity, string lease, TimeProvider timeProvider, ILogger logger)
{
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var current = await leaseLock.GetAsync(cancellationToken);
            if (current?.HolderIdentity != identity)
            {
                return;
            }

            var now = timeProvider.GetUtcNow().UtcDateTime;
            var released = new LeaderElectionRecord
            {
                HolderIdentity = "", // empty, not null: the KubernetesClient's elector would try to create a Lease with no holder
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaderTransitions = current.LeaderTransitions,
            };
            if (await leaseLock.UpdateAsync(released, cancellationToken))
            {
                Log.Released(logger, identity, lease);
            }
            else
            {
                Log.ReleaseFailed(logger, identity, lease, "the update was refused");
            }
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            Log.ReleaseFailed(logger, identity, lease, ex.GetType().Name);
        }
    }
}
