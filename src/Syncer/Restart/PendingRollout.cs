using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Restart;

/// <summary>
/// A Secret whose <c>syncer.io/rollout-pending</c> names a revision whose consumers are not all rolled yet, as the
/// restart side last saw it.
/// </summary>
/// <param name="WrittenAt">The Secret's <c>syncer.io/synced-at</c>: when the revision was written (null if unreadable).</param>
/// <param name="Policy">Its restart policy; null while <c>syncer.io/restart</c> is invalid (nothing rolls until it is fixed).</param>
/// <param name="SeenAt">When this process first saw this revision pending: the debounce window starts there.</param>
internal sealed record PendingRollout(
    SecretKey Key,
    string Uid,
    string ResourceVersion,
    long Revision,
    DateTimeOffset? WrittenAt,
    RestartPolicy? Policy,
    DateTimeOffset SeenAt)
{
    /// <summary>Whether this Secret's policy rolls <paramref name="workload"/> (same namespace assumed).</summary>
    public bool Targets(WorkloadRecord workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return Policy?.Mode switch
        {
            RestartMode.Auto => workload.Secrets.Contains(Key.Name, StringComparer.Ordinal),
            RestartMode.Explicit => Policy.Targets.Contains(new WorkloadRef(workload.Key.Kind.Name, workload.Key.Name)),
            _ => false,
        };
    }

    public override string ToString() => $"{Key.Name} (revision {Revision})";
}
