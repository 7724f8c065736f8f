namespace Syncer.Sync;

/// <summary>What one sync of a Secret did.</summary>
internal enum SyncOutcome
{
    /// <summary>Data or status annotations were written.</summary>
    Changed,

    /// <summary>Everything matched: nothing was written.</summary>
    Unchanged,

    /// <summary>The sync failed; the data was left as it was (see <see cref="SyncResult.Reason"/>).</summary>
    Failed,

    /// <summary>The Secret is gone or no longer labeled: nothing was done, and its state may be dropped.</summary>
    Gone,
}
