using System.Globalization;
using k8s;
using k8s.Models;
using Syncer.Spec;

namespace Syncer.Tests.Restart.Support;

/// <summary>
/// Creates Deployments, StatefulSets and DaemonSets in the test namespace and counts their rollouts as a user would
/// see them: a Deployment's <c>deployment.kubernetes.io/revision</c> (one per new ReplicaSet), a StatefulSet's or
/// DaemonSet's newest ControllerRevision. The first revision is the creation, so rollouts = revision - 1.
/// </summary>
internal sealed class WorkloadHelper(IKubernetes client)
{
    private const string Ns = RolloutCluster.Ns;
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<V1Deployment> DeploymentAsync(string name, V1PodSpec spec, int replicas = 1, Dictionary<string, string>? annotations = null, bool paused = false, int? progressDeadlineSeconds = null) =>
        client.AppsV1.CreateNamespacedDeploymentAsync(
            new V1Deployment
            {
                Metadata = new V1ObjectMeta { Name = name, Annotations = annotations },
                Spec = new V1DeploymentSpec
                {
                    Replicas = replicas,
                    Paused = paused,
                    ProgressDeadlineSeconds = progressDeadlineSeconds,
                    Selector = Selector(name),
                    Template = Template(name, spec),
                },
            },
            Ns, cancellationToken: Ct);

    public Task<V1StatefulSet> StatefulSetAsync(string name, V1PodSpec spec, bool onDelete = false) =>
        client.AppsV1.CreateNamespacedStatefulSetAsync(
            new V1StatefulSet
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1StatefulSetSpec
                {
                    Replicas = 1,
                    ServiceName = name,
                    Selector = Selector(name),
                    Template = Template(name, spec),
                    UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = onDelete ? "OnDelete" : "RollingUpdate" },
                },
            },
            Ns, cancellationToken: Ct);

    public Task<V1DaemonSet> DaemonSetAsync(string name, V1PodSpec spec, bool onDelete = false) =>
        client.AppsV1.CreateNamespacedDaemonSetAsync(
            new V1DaemonSet
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1DaemonSetSpec
                {
                    Selector = Selector(name),
                    Template = Template(name, spec),
                    UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = onDelete ? "OnDelete" : "RollingUpdate" },
                },
            },
            Ns, cancellationToken: Ct);

    /// <summary>Rollouts since creation, as the cluster shows them; -1 before the controller made the first revision.</summary>
    public async Task<long> RolloutsAsync(string kind, string name)
    {
        if (kind == "deployment")
        {
            var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(name, Ns, cancellationToken: Ct);
            return deployment.Metadata.Annotations?.TryGetValue(RevisionAnnotation, out var revision) == true
                ? long.Parse(revision, CultureInfo.InvariantCulture) - 1
                : -1;
        }

        var uid = kind == "statefulset"
            ? (await client.AppsV1.ReadNamespacedStatefulSetAsync(name, Ns, cancellationToken: Ct)).Metadata.Uid
            : (await client.AppsV1.ReadNamespacedDaemonSetAsync(name, Ns, cancellationToken: Ct)).Metadata.Uid;
        var revisions = (await client.AppsV1.ListNamespacedControllerRevisionAsync(Ns, cancellationToken: Ct)).Items
            .Where(r => r.Metadata.OwnerReferences?.Any(o => o.Uid == uid) == true)
            .Select(r => r.Revision ?? 0)
            .ToList();
        return revisions.Count == 0 ? -1 : revisions.Max() - 1;
    }

    /// <summary>Waits until every workload (kind/name) shows <paramref name="rollouts"/> rollouts and is fully rolled out.</summary>
    public Task RolledOutAsync(long rollouts, CancellationToken ct, params string[] workloads) =>
        Eventually.HoldsAsync(async () =>
        {
            foreach (var workload in workloads)
            {
                var (kind, name) = (workload.Split('/')[0], workload.Split('/')[1]);
                if (await RolloutsAsync(kind, name) != rollouts || !await CompleteAsync(kind, name))
                {
                    return false;
                }
            }

            return true;
        }, $"{string.Join(", ", workloads)} show {rollouts} rollout(s), finished", ct, RolloutCluster.Patience);

    /// <summary>The workload's rolled-for record (<c>syncer.io/rolled-for</c>), or null.</summary>
    public async Task<string?> RolledForAsync(string kind, string name)
    {
        IKubernetesObject<V1ObjectMeta> workload = kind switch
        {
            "deployment" => await client.AppsV1.ReadNamespacedDeploymentAsync(name, Ns, cancellationToken: Ct),
            "statefulset" => await client.AppsV1.ReadNamespacedStatefulSetAsync(name, Ns, cancellationToken: Ct),
            _ => await client.AppsV1.ReadNamespacedDaemonSetAsync(name, Ns, cancellationToken: Ct),
        };
        return workload.Metadata.Annotations?.TryGetValue(SyncAnnotations.RolledFor, out var value) == true ? value : null;
    }

    /// <summary>Whether <c>kubectl rollout status</c> would say the workload is rolled out (its own checks).</summary>
    public async Task<bool> CompleteAsync(string kind, string name)
    {
        switch (kind)
        {
            case "deployment":
                var d = await client.AppsV1.ReadNamespacedDeploymentAsync(name, Ns, cancellationToken: Ct);
                return IsComplete(d);
            case "statefulset":
                var s = await client.AppsV1.ReadNamespacedStatefulSetAsync(name, Ns, cancellationToken: Ct);
                return s.Status?.ObservedGeneration >= s.Metadata.Generation && s.Status.ReadyReplicas == s.Spec.Replicas
                    && (s.Spec.UpdateStrategy?.Type == "OnDelete" || s.Status.UpdatedReplicas == s.Spec.Replicas);
            default:
                var ds = await client.AppsV1.ReadNamespacedDaemonSetAsync(name, Ns, cancellationToken: Ct);
                return ds.Status?.ObservedGeneration >= ds.Metadata.Generation && ds.Status.DesiredNumberScheduled > 0
                    && ds.Status.NumberAvailable == ds.Status.DesiredNumberScheduled
                    && (ds.Spec.UpdateStrategy?.Type == "OnDelete" || ds.Status.UpdatedNumberScheduled == ds.Status.DesiredNumberScheduled);
        }
    }

    public static bool IsComplete(V1Deployment d) =>
        d.Status?.ObservedGeneration >= d.Metadata.Generation && d.Status.UpdatedReplicas == d.Spec.Replicas
        && d.Status.Replicas == d.Status.UpdatedReplicas && d.Status.AvailableReplicas == d.Status.UpdatedReplicas;

    private static V1LabelSelector Selector(string app) => new() { MatchLabels = new Dictionary<string, string> { ["app"] = app } };

    private static V1PodTemplateSpec Template(string app, V1PodSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = spec,
    };
}
