using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Revisions;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;

namespace Syncer.Doubles.Kubernetes.Controllers.DaemonSets;

/// <summary>
/// kube-controller-manager's DaemonSet controller: one pod per eligible node (<c>nodeSelector</c>; the one node has
/// no taints), a ControllerRevision <c>&lt;ds&gt;-&lt;hash&gt;</c> per template with pods labelled by the hash, and
/// with <c>RollingUpdate</c> old pods replaced (delete, then create) while at most <c>maxUnavailable</c> nodes lack
/// a ready pod. With <c>OnDelete</c> pods change only when deleted. Simplified: no <c>maxSurge</c>, no
/// minReadySeconds, no tolerations or node affinity added to pods, which are bound to their node directly.
/// </summary>
internal sealed class DaemonSetController
{
    private const string HashLabel = "controller-revision-hash";
    private readonly ControllerContext _cluster;
    private readonly RevisionHistory _history;
    private readonly WorkQueue _queue = new();
    private readonly Expectations _expectations = new();
    private readonly PodWrites _pods;

    public DaemonSetController(ControllerContext cluster)
    {
        _cluster = cluster;
        _history = new RevisionHistory(cluster);
        _pods = new PodWrites(cluster, _expectations);
        cluster.DaemonSets.OnChange((type, ds) =>
        {
            if (type == WatchEventType.Deleted)
            {
                _expectations.Forget(ds.Metadata.Uid);
            }

            _queue.Add(ObjectKey.Of(ds));
        });
        cluster.Nodes.OnChange((_, _) => EnqueueAll());
        cluster.Pods.OnChange((type, pod) =>
        {
            if (pod.GetController() is { Kind: "DaemonSet" } owner)
            {
                _expectations.Observe(type, pod);
                _queue.Add(ObjectKey.Of(pod.Metadata.NamespaceProperty, owner.Name));
            }
        });
    }

    public Task RunAsync(CancellationToken ct) => new ControllerWorker("daemonset", _queue, ReconcileAsync, _cluster.Logger).RunAsync(ct);

    private void EnqueueAll()
    {
        foreach (var ds in _cluster.DaemonSets.Items)
        {
            _queue.Add(ObjectKey.Of(ds));
        }
    }

    private async Task ReconcileAsync(string key, CancellationToken ct)
    {
        if (_cluster.DaemonSets.Get(key) is not { Metadata.DeletionTimestamp: null } ds)
        {
            return;
        }

        var hash = TemplateHash.OfTemplate(ds.Spec.Template, ds.Status?.CollisionCount);
        var labels = new Dictionary<string, string>(ds.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>()) { [HashLabel] = hash };
        try
        {
            await _history.EnsureAsync(ds, "DaemonSet", $"{ds.Metadata.Name}-{hash}", labels, RevisionHistory.Data(ds.Spec.Template), ct);
        }
        catch (RevisionCollisionException)
        {
            await WriteStatusAsync(ds, (ds.Status ?? new V1DaemonSetStatus()) with { CollisionCount = (ds.Status?.CollisionCount ?? 0) + 1 }, ct);
            return;
        }

        var nodes = _cluster.Nodes.Items.Where(n => Eligible(ds, n)).Select(n => n.Metadata.Name).ToHashSet();
        var pods = Owners.Owned(_cluster.Pods.Items, ds).Where(PodFactory.IsActive).ToList();
        if (_expectations.Satisfied(ds.Metadata.Uid))
        {
            await ManagePodsAsync(ds, hash, nodes, pods, ct);
        }

        await WriteStatusAsync(ds, Status(ds, hash, nodes, pods), ct);
        var inUse = pods.Select(p => p.GetLabel(HashLabel)).Append(hash).ToHashSet();
        await _history.TruncateAsync(ds, ds.Spec.RevisionHistoryLimit ?? 10, r => inUse.Contains(r.GetLabel(HashLabel)), ct);
    }

    private async Task ManagePodsAsync(V1DaemonSet ds, string hash, HashSet<string> nodes, List<V1Pod> pods, CancellationToken ct)
    {
        var byNode = pods.GroupBy(p => p.Spec.NodeName ?? "").ToDictionary(g => g.Key, g => g.OrderBy(p => p.Metadata.CreationTimestamp).ToList());
        var owner = Owners.ControllerRef(ds, "apps/v1", "DaemonSet");
        var extra = new Dictionary<string, string> { [HashLabel] = hash };
        var missing = nodes.Where(n => !byNode.ContainsKey(n)).Select(n => PodFactory.FromTemplate(ds.Spec.Template, owner, ds.Metadata.NamespaceProperty, n, extraLabels: extra));
        await _pods.CreateAsync(ds.Metadata.Uid, [.. missing], ct);

        // Pods on nodes the DaemonSet does not select, and all but the oldest pod of a node, go.
        var surplus = byNode.SelectMany(kv => nodes.Contains(kv.Key) ? kv.Value.Skip(1) : kv.Value).ToList();
        if (ds.Spec.UpdateStrategy?.Type != "OnDelete")
        {
            var maxUnavailable = IntOrPercent.Scaled(ds.Spec.UpdateStrategy?.RollingUpdate?.MaxUnavailable, nodes.Count, roundUp: true, fallback: 1);
            var unavailable = nodes.Count(n => !byNode.TryGetValue(n, out var onNode) || !onNode.Any(PodFactory.IsReady));
            foreach (var old in byNode.Where(kv => nodes.Contains(kv.Key)).Select(kv => kv.Value[0]).Where(p => p.GetLabel(HashLabel) != hash))
            {
                if (!PodFactory.IsReady(old))
                {
                    surplus.Add(old); // an unavailable old pod costs nothing to replace
                }
                else if (unavailable < Math.Max(1, maxUnavailable))
                {
                    surplus.Add(old);
                    unavailable++;
                }
            }
        }

        await _pods.DeleteAsync(ds.Metadata.Uid, surplus, ct);
    }

    private static V1DaemonSetStatus Status(V1DaemonSet ds, string hash, HashSet<string> nodes, List<V1Pod> pods)
    {
        var scheduled = pods.Where(p => nodes.Contains(p.Spec.NodeName ?? "")).GroupBy(p => p.Spec.NodeName).Select(g => g.First()).ToList();
        var ready = scheduled.Count(PodFactory.IsReady);
        return new V1DaemonSetStatus
        {
            ObservedGeneration = ds.Metadata.Generation,
            DesiredNumberScheduled = nodes.Count,
            CurrentNumberScheduled = scheduled.Count,
            NumberMisscheduled = pods.Count(p => !nodes.Contains(p.Spec.NodeName ?? "")),
            NumberReady = ready,
            NumberAvailable = Counts.NonZero(ready),
            NumberUnavailable = Counts.NonZero(nodes.Count - ready),
            UpdatedNumberScheduled = Counts.NonZero(scheduled.Count(p => p.GetLabel(HashLabel) == hash)),
            CollisionCount = ds.Status?.CollisionCount,
            Conditions = ds.Status?.Conditions,
        };
    }

    private static bool Eligible(V1DaemonSet ds, V1Node node) =>
        (ds.Spec.Template.Spec.NodeSelector ?? new Dictionary<string, string>()).All(s => node.GetLabel(s.Key) == s.Value);

    private async Task WriteStatusAsync(V1DaemonSet ds, V1DaemonSetStatus status, CancellationToken ct)
    {
        if (CanonicalJson.Of(status) != CanonicalJson.Of(ds.Status))
        {
            var updated = CanonicalJson.Copy(ds);
            updated.Status = status;
            await _cluster.Client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(updated, ds.Metadata.Name, ds.Metadata.NamespaceProperty, cancellationToken: ct);
        }
    }
}
