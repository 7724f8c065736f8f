namespace Syncer.Scheduling;

/// <summary>What one sync of a Secret did, as the scheduler needs to know it (retry on <see cref="Failed"/>).</summary>
internal enum SyncOutcome
{
    Changed,
    Unchanged,
    Failed,
}
