namespace Syncer.Restart;

/// <summary>Where a workload's latest rollout stands, read from its status as <c>kubectl rollout status</c> reads it.</summary>
internal enum RolloutProgress
{
    /// <summary>Every replica runs the current pod template (or the update strategy is OnDelete: nothing to wait for).</summary>
    Complete,

    /// <summary>The controller has not observed the current generation yet, or replicas are still being replaced.</summary>
    InProgress,

    /// <summary>The rollout exceeded its progress deadline (a Deployment's <c>ProgressDeadlineExceeded</c>).</summary>
    Stalled,
}
