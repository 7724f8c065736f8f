using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Deployments;

/// <summary>Deployment conditions as deploymentutil keeps them: reasons, and when the timestamps move.</summary>
internal static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string TimedOut = "ProgressDeadlineExceeded";
    public const string Paused = "DeploymentPaused";
    public const string Resumed = "DeploymentResumed";

    public static V1DeploymentCondition? Get(V1DeploymentStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTime now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastUpdateTime = now,
        LastTransitionTime = now,
    };

    /// <summary>
    /// SetDeploymentCondition: nothing changes when status and reason are the same; the transition time stays when
    /// only the reason changes; the condition moves to the end of the list.
    /// </summary>
    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        var set = current is not null && current.Status == condition.Status
            ? condition with { LastTransitionTime = current.LastTransitionTime }
            : condition;
        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != condition.Type), set];
    }

    public static void Remove(V1DeploymentStatus status, string type) =>
        status.Conditions = status.Conditions is null ? null : [.. status.Conditions.Where(c => c.Type != type)];
}
