namespace Syncer.Sync;

/// <summary>
/// What the dispatcher calls to sync one Secret. <see cref="SecretSynchronizer"/> implements it directly (no adapter);
/// the interface exists for the scheduling tests' recording double.
/// </summary>
internal interface ISyncHandler
{
    /// <summary>Syncs one Secret; failures come back as a <see cref="SyncResult"/>, never as an exception.</summary>
    Task<SyncResult> SyncAsync(SecretKey key, CancellationToken cancellationToken);
}
