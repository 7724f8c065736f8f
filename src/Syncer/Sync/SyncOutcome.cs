namespace Syncer.Sync;

internal enum SyncOutcome
{
    /// <summary>Data or status annotations were written.</summary>
    Changed,

    /// <summary>Everything matched: nothing was written.</summary>
    Unchanged,

    /// <summary>The sync failed; the data was left as it was (see <see cref="SyncResult.Reason"/>).</summary>
    Failed,

    /// <summary>The Secret does not exist (any more): the scheduler may drop its job.</summary>
    NotFound,

    /// <summary>The Secret no longer carries <c>syncer.io/enabled: "true"</c>: nothing was done.</summary>
    NotManaged,
}
