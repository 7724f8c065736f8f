using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;
using static Syncer.Doubles.Kubernetes.Controllers.Deployments.DeploymentConditions;

namespace Syncer.Doubles.Kubernetes.Controllers.Deployments;

/// <summary>
/// A Deployment's status from its ReplicaSets (calculateStatus) and, during a rollout, the progress estimate of
/// the Progressing condition (syncRolloutStatus, progress.go). Pure: the time is passed in.
/// </summary>
internal static class DeploymentStatusCalculator
{
    public static V1DeploymentStatus Calculate(V1Deployment d, IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRs)
    {
        var available = all.Sum(RolloutMath.Available);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = Counts.NonZero(all.Sum(rs => rs.Status?.Replicas ?? 0)),
            UpdatedReplicas = Counts.NonZero(newRs?.Status?.Replicas ?? 0),
            ReadyReplicas = Counts.NonZero(all.Sum(rs => rs.Status?.ReadyReplicas ?? 0)),
            AvailableReplicas = Counts.NonZero(available),
            UnavailableReplicas = Counts.NonZero(Math.Max(0, all.Sum(RolloutMath.SpecReplicas) - available)),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions is { } conditions ? [.. conditions] : null,
        };
        return status;
    }

    /// <summary>The Available condition: at least desired minus maxUnavailable replicas available.</summary>
    public static void SetAvailability(V1Deployment d, V1DeploymentStatus status, DateTime now) =>
        Set(status, (status.AvailableReplicas ?? 0) >= RolloutMath.Desired(d) - RolloutMath.MaxUnavailable(d)
            ? New(Available, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
            : New(Available, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now));

    public static bool HasProgressDeadline(V1Deployment d) => d.Spec.ProgressDeadlineSeconds is { } s && s != int.MaxValue;

    /// <summary>DeploymentComplete: every replica updated and available, and the spec observed.</summary>
    public static bool Complete(V1Deployment d, V1DeploymentStatus status) =>
        (status.UpdatedReplicas ?? 0) == RolloutMath.Desired(d) && (status.Replicas ?? 0) == RolloutMath.Desired(d)
        && (status.AvailableReplicas ?? 0) == RolloutMath.Desired(d) && status.ObservedGeneration >= d.Metadata.Generation;

    /// <summary>
    /// Progressing: NewReplicaSetAvailable once complete; ReplicaSetUpdated (last update time moved) whenever
    /// replicas got updated, ready or available, or old ones went, since <paramref name="before"/>; else
    /// ProgressDeadlineExceeded once the last update is older than progressDeadlineSeconds.
    /// </summary>
    public static void EstimateProgress(V1Deployment d, V1DeploymentStatus before, V1DeploymentStatus status, V1ReplicaSet? newRs, DateTime now)
    {
        if (!HasProgressDeadline(d))
        {
            Remove(status, Progressing);
            return;
        }

        var current = Get(d.Status, Progressing);
        if ((status.Replicas ?? 0) == (status.UpdatedReplicas ?? 0) && current?.Reason == NewReplicaSetAvailable)
        {
            return;
        }

        var subject = newRs is null ? $"Deployment \"{d.Metadata.Name}\"" : $"ReplicaSet \"{newRs.Metadata.Name}\"";
        if (Complete(d, status))
        {
            Set(status, New(Progressing, "True", NewReplicaSetAvailable, $"{subject} has successfully progressed.", now));
        }
        else if (MadeProgress(before, status))
        {
            var condition = New(Progressing, "True", ReplicaSetUpdated, $"{subject} is progressing.", now);
            if (current?.Status == "True")
            {
                condition = condition with { LastTransitionTime = current.LastTransitionTime };
            }

            Remove(status, Progressing);
            Set(status, condition);
        }
        else if (PastDeadline(d, status, now))
        {
            Set(status, New(Progressing, "False", TimedOut, $"{subject} has timed out progressing.", now));
        }
    }

    /// <summary>How long until the rollout's deadline is checked again (requeueStuckDeployment); null: no need.</summary>
    public static TimeSpan? UntilDeadline(V1Deployment d, V1DeploymentStatus status, DateTime now)
    {
        var condition = Get(status, Progressing);
        if (!HasProgressDeadline(d) || condition?.LastUpdateTime is not { } updated || Complete(d, status) || condition.Reason == TimedOut)
        {
            return null;
        }

        var after = updated.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) - now;
        return after < TimeSpan.FromSeconds(1) ? TimeSpan.Zero : after + TimeSpan.FromSeconds(1);
    }

    private static bool MadeProgress(V1DeploymentStatus before, V1DeploymentStatus after) =>
        (after.UpdatedReplicas ?? 0) > (before.UpdatedReplicas ?? 0)
        || (after.Replicas ?? 0) - (after.UpdatedReplicas ?? 0) < (before.Replicas ?? 0) - (before.UpdatedReplicas ?? 0)
        || (after.ReadyReplicas ?? 0) > (before.ReadyReplicas ?? 0)
        || (after.AvailableReplicas ?? 0) > (before.AvailableReplicas ?? 0);

    private static bool PastDeadline(V1Deployment d, V1DeploymentStatus status, DateTime now)
    {
        var condition = Get(status, Progressing);
        return condition is not null && condition.Reason != NewReplicaSetAvailable
            && (condition.Reason == TimedOut
                || condition.LastUpdateTime?.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) < now);
    }
}
