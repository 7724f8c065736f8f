using k8s.Models;

namespace Syncer.Restart;

/// <summary>
/// How far a workload's rollout is, read from its status as <c>kubectl rollout status</c> reads it (kubectl
/// <c>polymorphichelpers/rollout_status.go</c>). A rollout whose strategy is OnDelete has nothing to wait for: it is
/// complete once the patch is accepted.
/// </summary>
internal static class RolloutStatus
{
    public const string OnDeleteStrategy = "OnDelete";

    public static RolloutProgress Of(V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var status = deployment.Status;
        if (status is null || (status.ObservedGeneration ?? 0) < (deployment.Metadata.Generation ?? 0))
        {
            return RolloutProgress.InProgress; // "Waiting for deployment spec update to be observed"
        }

        if (status.Conditions?.Any(c => c.Type == "Progressing" && c.Reason == "ProgressDeadlineExceeded") == true)
        {
            return RolloutProgress.Stalled;
        }

        var updated = status.UpdatedReplicas ?? 0;
        var finished = updated >= (deployment.Spec?.Replicas ?? 1) && (status.Replicas ?? 0) <= updated && (status.AvailableReplicas ?? 0) >= updated;
        return finished ? RolloutProgress.Complete : RolloutProgress.InProgress;
    }

    public static RolloutProgress Of(V1StatefulSet statefulSet)
    {
        ArgumentNullException.ThrowIfNull(statefulSet);
        var (spec, status) = (statefulSet.Spec, statefulSet.Status);
        if (spec?.UpdateStrategy?.Type == OnDeleteStrategy)
        {
            return RolloutProgress.Complete;
        }

        if (status is null || (status.ObservedGeneration ?? 0) == 0 || status.ObservedGeneration < (statefulSet.Metadata.Generation ?? 0))
        {
            return RolloutProgress.InProgress;
        }

        var replicas = spec?.Replicas ?? 1;
        if ((status.ReadyReplicas ?? 0) < replicas)
        {
            return RolloutProgress.InProgress;
        }

        if (spec?.UpdateStrategy?.RollingUpdate?.Partition is { } partition)
        {
            return (status.UpdatedReplicas ?? 0) < replicas - partition ? RolloutProgress.InProgress : RolloutProgress.Complete;
        }

        return status.UpdateRevision == status.CurrentRevision ? RolloutProgress.Complete : RolloutProgress.InProgress;
    }

    public static RolloutProgress Of(V1DaemonSet daemonSet)
    {
        ArgumentNullException.ThrowIfNull(daemonSet);
        var status = daemonSet.Status;
        if (daemonSet.Spec?.UpdateStrategy?.Type == OnDeleteStrategy)
        {
            return RolloutProgress.Complete;
        }

        if (status is null || (status.ObservedGeneration ?? 0) < (daemonSet.Metadata.Generation ?? 0))
        {
            return RolloutProgress.InProgress;
        }

        var desired = status.DesiredNumberScheduled;
        return (status.UpdatedNumberScheduled ?? 0) < desired || (status.NumberAvailable ?? 0) < desired
            ? RolloutProgress.InProgress
            : RolloutProgress.Complete;
    }
}
