using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Restart;

/// <summary>
/// What the sync asks the restart side before it marks a new revision <c>syncer.io/rollout-pending</c>: a Secret
/// nobody consumes needs no mark, and so no second write to remove it.
/// </summary>
internal interface IRolloutConsumers
{
    /// <summary>
    /// False only when no workload can need a rollout for <paramref name="secret"/>: its policy is <c>none</c>, or it is
    /// <c>auto</c> and the complete workload index has no consumer of it that rolls. True while the index is not
    /// complete, and for an explicit list (a missing target is reported once the mark is seen).
    /// </summary>
    bool MayHaveConsumers(SecretKey secret, RestartPolicy policy);
}
