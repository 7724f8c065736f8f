using Microsoft.Extensions.Options;

namespace Syncer.Restart;

/// <summary>
/// The restart decisions, as plain code over the index's records and the pending revisions (PRODUCT.md sections 2 and
/// 3): whether a workload owes a rollout, whether it rolls now, waits, or rolls later, and whether a Secret's
/// revision is done. Level-triggered: every decision reads only the objects as last seen, so a crash at any point is
/// healed by the next pass. The reconciler carries the decisions out.
/// </summary>
internal sealed class RestartPlanner(IOptions<RestartOptions> options)
{
    private readonly RestartOptions _options = options.Value;

    /// <summary>
    /// Whether <paramref name="workload"/> owes a rollout for <paramref name="pending"/> (a Secret it consumes under that
    /// Secret's policy): not when it was created after the revision was written (its pods read the new data; both times
    /// have whole seconds, and a workload created in the same second rolls: a needless rollout costs less than pods
    /// left with old values), nor when
    /// its <c>syncer.io/rolled-for</c> records that revision. A record of a higher revision than pending is left from an
    /// earlier Secret of the same name (deleted and created again: revisions start over); it owes a rollout when its
    /// last rollout came before this revision was written.
    /// </summary>
    public static bool Owes(WorkloadRecord workload, PendingRollout pending)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(pending);
        if (workload.Created is { } created && pending.WrittenAt is { } written && created > written)
        {
            return false;
        }

        if (!workload.RolledFor.TryGetValue(pending.Key.Name, out var rolled) || rolled < pending.Revision)
        {
            return true;
        }

        return rolled > pending.Revision
            && workload.RestartedAt is { } restartedAt && pending.WrittenAt is { } writtenAt && restartedAt < writtenAt;
    }

    /// <summary>
    /// The workload's rollout progress now: a StatefulSet or DaemonSet still rolling <see cref="RestartOptions.ProgressDeadline"/>
    /// after this process first saw it rolling counts as stalled (their kinds have no deadline of their own).
    /// </summary>
    public RolloutProgress Progress(WorkloadRecord workload, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload.Progress == RolloutProgress.InProgress && workload.Key.Kind.NeedsOwnDeadline
            && workload.InProgressSince is { } since && now - since >= _options.ProgressDeadline
            ? RolloutProgress.Stalled
            : workload.Progress;
    }

    /// <summary>How often rolling StatefulSets and DaemonSets are looked at again, to see one pass its deadline.</summary>
    public TimeSpan SweepInterval => TimeSpan.FromTicks(Math.Clamp(_options.ProgressDeadline.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));

    /// <summary>The rollouts Syncer started that hold a slot of the cap now (stalled ones do not).</summary>
    public int InProgress(IEnumerable<WorkloadRecord> rolling, DateTimeOffset now) =>
        rolling.Count(w => Progress(w, now) == RolloutProgress.InProgress);

    public WorkloadDecision PlanWorkload(WorkloadRecord workload, IEnumerable<PendingRollout> pendingInNamespace, int inProgress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(pendingInNamespace);
        if (workload.OptedOut)
        {
            return WorkloadDecision.Nothing;
        }

        List<PendingRollout> owed = [.. pendingInNamespace.Where(p => p.Targets(workload) && Owes(workload, p)).OrderBy(p => p.Key.Name, StringComparer.Ordinal)];
        if (owed.Count == 0)
        {
            return WorkloadDecision.Nothing;
        }

        // The window opens with the first change owed; changes arriving within it join the same rollout.
        var due = owed.Min(p => p.SeenAt) + _options.Debounce;
        if (now < due)
        {
            return new WorkloadDecision(WorkloadAction.Later, owed, due - now);
        }

        if (workload.Paused)
        {
            return new WorkloadDecision(WorkloadAction.Paused, owed);
        }

        if (Progress(workload, now) == RolloutProgress.InProgress)
        {
            return new WorkloadDecision(WorkloadAction.InProgress, owed); // its own watch events bring it back
        }

        return inProgress >= _options.MaxRolloutsInProgress
            ? new WorkloadDecision(WorkloadAction.Cap, owed)
            : new WorkloadDecision(WorkloadAction.Roll, owed);
    }

    /// <summary>
    /// Done when no consumer still owes the revision (rolled for it, created after it, opted out; a stalled rollout was
    /// rolled for it too). A missing explicit target does not hold it back (the caller reports it).
    /// </summary>
    public static CompletionDecision PlanCompletion(PendingRollout pending, IReadOnlyList<WorkloadRecord> consumers)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(consumers);
        if (pending.Policy is null || consumers.Any(c => !c.OptedOut && Owes(c, pending)))
        {
            return CompletionDecision.NotYet;
        }

        return new CompletionDecision(true, [.. consumers.Where(c => c.RolledFor.TryGetValue(pending.Key.Name, out var r) && r == pending.Revision)]);
    }
}
