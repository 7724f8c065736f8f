namespace Syncer.Sync;

/// <summary>
/// The one result of a sync, from the <see cref="SecretSynchronizer"/> unchanged to whoever acts on it: the dispatcher
/// (retry or not), the Secret's state (verified resourceVersion, failures, freshness), logs and tests (the managed data's
/// hash, whether data changed, the revision and the pending rollout). The restart side learns of a pending rollout from
/// the Secret's watch event, not from here: it must also see the marks a crashed process left.
/// </summary>
/// <param name="DataHash">The managed data's <c>syncer.io/data-hash</c> after a successful sync.</param>
/// <param name="DataChanged">The sync changed the managed data (not only status annotations).</param>
/// <param name="ResourceVersion">The resourceVersion Syncer wrote or verified; the watch event of it is Syncer's own.</param>
/// <param name="FollowUpAfter">A successful sync that left part of its work for later (a deferred fresh read): sync again after this.</param>
/// <param name="Revision">The Secret's <c>syncer.io/data-revision</c> after a successful sync (null: none yet).</param>
/// <param name="RolloutPending">The Secret's <c>syncer.io/rollout-pending</c> after a successful sync (null: none).</param>
internal sealed record SyncResult(
    SyncOutcome Outcome,
    SyncFailureReason? Reason = null,
    string? Message = null,
    string? DataHash = null,
    bool DataChanged = false,
    string? ResourceVersion = null,
    TimeSpan? FollowUpAfter = null,
    long? Revision = null,
    long? RolloutPending = null)
{
    public static SyncResult Gone { get; } = new(SyncOutcome.Gone);

    public bool Succeeded => Outcome is SyncOutcome.Changed or SyncOutcome.Unchanged;

    /// <summary>A failure that may heal by itself (Vault unavailable, a Kubernetes error): retried soon, with backoff.</summary>
    public bool Retryable => Outcome == SyncOutcome.Failed && Reason is { } reason && reason.IsTransient();
}
