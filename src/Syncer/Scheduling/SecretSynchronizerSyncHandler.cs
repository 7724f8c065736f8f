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
            SecretSyncOutcome.Changed => SyncOutcome.Changed,
            SecretSyncOutcome.Failed when result.IsTransientFailure => SyncOutcome.Failed,
            SecretSyncOutcome.Failed => SyncOutcome.Rejected, // needs a person: bad annotation, denial, missing source
            _ => SyncOutcome.Unchanged, // Unchanged, NotFound, NotManaged: the informer drops a Secret that went
        };
    }
}
