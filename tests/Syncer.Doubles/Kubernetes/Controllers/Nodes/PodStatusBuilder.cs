using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Nodes;

/// <summary>The status a kubelet reports for a pod in each <see cref="PodRunState"/>, with the real field shapes.</summary>
internal static class PodStatusBuilder
{
    public static PodRunState StateOf(V1Pod pod) => pod.Status switch
    {
        { Phase: "Running" } s when s.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true => PodRunState.Ready,
        { Phase: "Running" } => PodRunState.Unready,
        { Phase: "Pending", ContainerStatuses.Count: > 0 } => PodRunState.Creating,
        _ => PodRunState.Unstarted,
    };

    public static V1PodStatus Build(V1Pod pod, PodRunState state, DateTime now, string podIp)
    {
        var started = state is PodRunState.Ready or PodRunState.Unready;
        var ready = state == PodRunState.Ready;
        var names = pod.Spec.Containers.Select(c => c.Name).ToList();
        var old = pod.Status?.Conditions ?? [];
        var notReady = $"containers with unready status: [{string.Join(' ', names)}]";
        return new V1PodStatus
        {
            Phase = started ? "Running" : "Pending",
            Conditions =
            [
                Condition(old, "PodReadyToStartContainers", started, null, null, now),
                Condition(old, "Initialized", true, null, null, now),
                Condition(old, "Ready", ready, "ContainersNotReady", notReady, now),
                Condition(old, "ContainersReady", ready, "ContainersNotReady", notReady, now),
                Condition(old, "PodScheduled", true, null, null, now),
            ],
            HostIP = NodeManifest.HostIp,
            HostIPs = [new V1HostIP { Ip = NodeManifest.HostIp }],
            PodIP = started ? podIp : null,
            PodIPs = started ? [new V1PodIP { Ip = podIp }] : null,
            StartTime = pod.Status?.StartTime ?? now,
            ContainerStatuses = [.. pod.Spec.Containers.Select(c => Container(c, started, ready, pod, now))],
            QosClass = pod.Status?.QosClass,
        };
    }

    private static V1ContainerStatus Container(V1Container container, bool started, bool ready, V1Pod pod, DateTime now)
    {
        var previous = pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == container.Name)?.State?.Running;
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{pod.Metadata.Uid}/{container.Name}")));
        return new V1ContainerStatus
        {
            Name = container.Name,
            Image = container.Image,
            ImageID = started ? $"{container.Image}@sha256:{id}" : "",
            ContainerID = started ? $"containerd://{id}" : null,
            Ready = ready,
            Started = started,
            RestartCount = 0,
            State = started
                ? new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = previous?.StartedAt ?? now } }
                : new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
            LastState = new V1ContainerState(),
        };
    }

    /// <summary>A condition whose lastTransitionTime moves only when its status does.</summary>
    private static V1PodCondition Condition(IList<V1PodCondition> old, string type, bool status, string? reason, string? message, DateTime now)
    {
        var value = status ? "True" : "False";
        var previous = old.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = value,
            Reason = status ? null : reason,
            Message = status ? null : message,
            LastTransitionTime = previous?.Status == value ? previous.LastTransitionTime : now,
        };
    }
}
