namespace Syncer.Doubles.Kubernetes.Controllers.Nodes;

/// <summary>Where the simulated kubelet has taken a pod.</summary>
internal enum PodRunState
{
    /// <summary>Just created: Pending, nothing reported by the kubelet yet.</summary>
    Unstarted,

    /// <summary>Pending, containers waiting with reason ContainerCreating (until the ready delay has passed).</summary>
    Creating,

    /// <summary>Running and Ready.</summary>
    Ready,

    /// <summary>Running, containers started, but not Ready (a readiness probe that never passes).</summary>
    Unready,
}
