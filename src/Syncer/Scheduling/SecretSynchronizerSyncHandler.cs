using Syncer.Discovery;
using Syncer.Sync;

namespace Syncer.Scheduling;

/// <summary>Adapts the sync core's <see cref="SecretSynchronizer"/> to the scheduler's seam.</summary>
internal sealed class SecretSynchronizerSyncHandler(SecretSynchronizer synchronizer) : ISecretSyncHandler
{
    public async Task<SyncOutcome> SyncAsync(SecretKey key, bool forceFreshRead, CancellationToken cancellationToken)
    {
        var result = await synchronizer.SyncAsync(key.Namespace, key.Name, forceFreshRead, cancellationToken);
        return result.Outcome switch
        {
            Sync.SyncOutcome.Changed => SyncOutcome.Changed,
            Sync.SyncOutcome.Failed when result.RetryAfter is null => SyncOutcome.Rejected, // needs a person
            Sync.SyncOutcome.Failed => SyncOutcome.Failed,
            _ => SyncOutcome.Unchanged, // Unchanged, NotFound, NotManaged: the informer drops a Secret that went
        };
    }
}
