namespace Syncer.Restart;

/// <summary>
/// What the workload index keeps of one Deployment, StatefulSet or DaemonSet (5,000 of them in the benchmark): its
/// identity, the Secrets its pod template references, the annotations Syncer reads, and its rollout's progress. Never
/// the whole object. Immutable; replaced on every watch event.
/// </summary>
/// <param name="Created">creationTimestamp: a workload created after a revision was written needs no rollout for it.</param>
/// <param name="OptedOut"><c>syncer.io/restart: "false"</c> on the workload: never rolled.</param>
/// <param name="RolledFor">The parsed <c>syncer.io/rolled-for</c>: Secret name to the revision it was rolled for.</param>
/// <param name="RestartedAt">The pod template's <c>syncer.io/restarted-at</c>: when Syncer last rolled it.</param>
/// <param name="Secrets">Names of the Secrets (same namespace) its pod template references, ordinal order, distinct.</param>
/// <param name="Generation">metadata.generation (logged with a stall).</param>
/// <param name="Paused">A paused Deployment: a template change waits until it is resumed.</param>
/// <param name="OnDelete">updateStrategy OnDelete: pods take a new template only when deleted.</param>
/// <param name="InProgressSince">When this process first saw the current rollout in progress (set by the index).</param>
internal sealed record WorkloadRecord(
    WorkloadKey Key,
    string Uid,
    string ResourceVersion,
    DateTimeOffset? Created,
    bool OptedOut,
    IReadOnlyDictionary<string, long> RolledFor,
    DateTimeOffset? RestartedAt,
    IReadOnlyList<string> Secrets,
    long Generation,
    bool Paused,
    bool OnDelete,
    RolloutProgress Progress,
    DateTimeOffset? InProgressSince = null)
{
    /// <summary>Syncer rolled it at least once: its rollouts count toward the cap and are reported.</summary>
    public bool RolledBySyncer => RolledFor.Count > 0;
}
