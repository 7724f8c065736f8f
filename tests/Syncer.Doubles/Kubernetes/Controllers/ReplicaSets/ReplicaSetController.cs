using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;

namespace Syncer.Doubles.Kubernetes.Controllers.ReplicaSets;

/// <summary>
/// kube-controller-manager's ReplicaSet controller: as many active pods as <c>spec.replicas</c>, created from the
/// template and owned by the ReplicaSet, surplus ones deleted (not ready first, then newest), and the status counts.
/// Simplified: no adoption of orphan pods, no minReadySeconds (a ready pod is available), no slow-start batches.
/// </summary>
internal sealed class ReplicaSetController
{
    private readonly ControllerContext _cluster;
    private readonly WorkQueue _queue = new();
    private readonly Expectations _expectations = new();
    private readonly PodWrites _pods;

    public ReplicaSetController(ControllerContext cluster)
    {
        _cluster = cluster;
        _pods = new PodWrites(cluster, _expectations);
        cluster.ReplicaSets.OnChange((type, rs) =>
        {
            if (type == WatchEventType.Deleted)
            {
                _expectations.Forget(rs.Metadata.Uid);
            }

            _queue.Add(ObjectKey.Of(rs));
        });
        cluster.Pods.OnChange((type, pod) =>
        {
            if (pod.GetController() is not { Kind: "ReplicaSet" } owner)
            {
                return;
            }

            _expectations.Observe(type, pod);
            _queue.Add(ObjectKey.Of(pod.Metadata.NamespaceProperty, owner.Name));
        });
    }

    public Task RunAsync(CancellationToken ct) => new ControllerWorker("replicaset", _queue, ReconcileAsync, _cluster.Logger).RunAsync(ct);

    private async Task ReconcileAsync(string key, CancellationToken ct)
    {
        if (_cluster.ReplicaSets.Get(key) is not { Metadata.DeletionTimestamp: null } rs)
        {
            return;
        }

        var pods = Owners.Owned(_cluster.Pods.Items, rs).Where(PodFactory.IsActive).ToList();
        if (_expectations.Satisfied(rs.Metadata.Uid))
        {
            await ManageReplicasAsync(rs, pods, ct);
        }

        var status = Status(rs, pods);
        if (CanonicalJson.Of(status) != CanonicalJson.Of(rs.Status))
        {
            var updated = CanonicalJson.Copy(rs);
            updated.Status = status;
            await _cluster.Client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(updated, rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: ct);
        }
    }

    private async Task ManageReplicasAsync(V1ReplicaSet rs, List<V1Pod> pods, CancellationToken ct)
    {
        var diff = (rs.Spec.Replicas ?? 1) - pods.Count;
        var owner = Owners.ControllerRef(rs, "apps/v1", "ReplicaSet");
        var missing = Enumerable.Range(0, Math.Max(0, diff))
            .Select(_ => PodFactory.FromTemplate(rs.Spec.Template, owner, rs.Metadata.NamespaceProperty, _cluster.Options.NodeName));
        await _pods.CreateAsync(rs.Metadata.Uid, [.. missing], ct);
        var surplus = pods.OrderBy(PodFactory.IsReady).ThenByDescending(p => p.Metadata.CreationTimestamp).Take(Math.Max(0, -diff));
        await _pods.DeleteAsync(rs.Metadata.Uid, surplus, ct);
    }

    private static V1ReplicaSetStatus Status(V1ReplicaSet rs, List<V1Pod> pods)
    {
        var templateLabels = rs.Spec.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        var ready = pods.Count(PodFactory.IsReady);
        return new V1ReplicaSetStatus
        {
            Replicas = pods.Count,
            FullyLabeledReplicas = Counts.NonZero(pods.Count(p => templateLabels.All(l => p.GetLabel(l.Key) == l.Value))),
            ReadyReplicas = Counts.NonZero(ready),
            AvailableReplicas = Counts.NonZero(ready),
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = rs.Status?.Conditions,
        };
    }
}
