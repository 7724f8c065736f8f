using k8s;
using k8s.Models;

namespace Syncer.Restart;

/// <summary>
/// One row of the workload table (<see cref="WorkloadKinds"/>, STYLE.md item 16): what the restart side needs of a
/// kind without knowing its type. The typed row, <see cref="WorkloadKind{T, TList}"/>, says how to list and watch it,
/// read it and patch it.
/// </summary>
internal abstract class WorkloadKind(string name, string resource, string kubeKind, bool needsOwnDeadline)
{
    /// <summary>Lower case, as <c>syncer.io/restart</c> lists name it and as the <c>kind</c> label of metrics: <c>deployment</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The plural resource: <c>deployments</c>.</summary>
    public string Resource { get; } = resource;

    /// <summary>The Kubernetes kind: <c>Deployment</c>.</summary>
    public string KubeKind { get; } = kubeKind;

    /// <summary>
    /// The kind has no progress deadline of its own (StatefulSet, DaemonSet): Syncer's
    /// <see cref="RestartOptions.ProgressDeadline"/> tells a stalled rollout from a slow one.
    /// </summary>
    public bool NeedsOwnDeadline { get; } = needsOwnDeadline;

    /// <summary>Sends one JSON merge patch and returns the workload as the API server answered it.</summary>
    public abstract Task<WorkloadRecord> PatchAsync(IKubernetes client, string ns, string name, string mergePatch, CancellationToken cancellationToken);

    /// <summary>The reference Events name the workload by.</summary>
    public V1ObjectReference Reference(WorkloadRecord workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return new V1ObjectReference
        {
            ApiVersion = "apps/v1",
            Kind = KubeKind,
            Name = workload.Key.Name,
            NamespaceProperty = workload.Key.Namespace,
            Uid = workload.Uid,
            ResourceVersion = workload.ResourceVersion,
        };
    }

    public override string ToString() => Name;
}
