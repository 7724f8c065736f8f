namespace Syncer.Scheduling;

/// <summary>What one sync of a Secret did, as the scheduler needs to know it (retry on <see cref="Failed"/>).</summary>
internal enum SyncOutcome
{
    Changed,
    Unchanged,
    /// <summary>Failed for a passing reason (Vault unreachable, an API error): retried with backoff.</summary>
    Failed,

    /// <summary>
    /// Failed for a reason that needs a person (bad annotation, policy denial): not retried; the next periodic sync or
    /// an annotation change tries again.
    /// </summary>
    Rejected,
}
