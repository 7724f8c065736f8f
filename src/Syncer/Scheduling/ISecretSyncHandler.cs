using Syncer.Discovery;

namespace Syncer.Scheduling;

/// <summary>
/// The seam between scheduling and the sync engine: the Quartz job calls it for each firing. The sync core's
/// <c>SecretSynchronizer.SyncAsync(namespace, name, forceFreshRead, ct)</c> is adapted to it.
/// </summary>
internal interface ISecretSyncHandler
{
    /// <summary>
    /// Syncs one Secret. Passing failures are <see cref="SyncOutcome.Failed"/> (an exception counts as one) and are
    /// retried with backoff; <see cref="SyncOutcome.Rejected"/> ones wait for the next periodic sync.
    /// </summary>
    /// <param name="forceFreshRead">A <c>syncer.io/force-sync</c> change: read Vault afresh rather than reuse a recent read.</param>
    Task<SyncOutcome> SyncAsync(SecretKey key, bool forceFreshRead, CancellationToken cancellationToken);
}
