namespace Syncer.Restart;

/// <summary>What a pass over one workload decided (<see cref="RestartPlanner.PlanWorkload"/>).</summary>
internal enum WorkloadAction
{
    /// <summary>It owes no rollout (nothing pending for it, rolled already, created after, or opted out).</summary>
    Nothing,

    /// <summary>It owes one, but the debounce window of the first change it owes is still open.</summary>
    Later,

    /// <summary>A paused Deployment: no patch; it rolls when resumed.</summary>
    Paused,

    /// <summary>Its previous rollout (Syncer's or anyone's) is still in progress: it rolls after it.</summary>
    InProgress,

    /// <summary>The cluster-wide cap on rollouts in progress is full: it waits for a slot.</summary>
    Cap,

    /// <summary>One patch now, for every pending revision it owes.</summary>
    Roll,
}
