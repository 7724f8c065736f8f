using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Revisions;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;

namespace Syncer.Doubles.Kubernetes.Controllers.StatefulSets;

/// <summary>
/// kube-controller-manager's StatefulSet controller: a ControllerRevision <c>&lt;sts&gt;-&lt;hash&gt;</c> per template,
/// pods <c>&lt;sts&gt;-0..n-1</c> made from the current or update revision, and with <c>RollingUpdate</c> the pods
/// not at the update revision replaced from the highest ordinal down, one at a time, each once all are ready
/// (down to <c>partition</c>). With <c>OnDelete</c> the update revision moves but pods change only when deleted,
/// and (as in Kubernetes 1.32) <c>currentRevision</c> never catches up. Simplified: no PVCs, no maxUnavailable,
/// no minReadySeconds; a terminating pod is gone at once.
/// </summary>
internal sealed class StatefulSetController
{
    private readonly ControllerContext _cluster;
    private readonly RevisionHistory _history;
    private readonly WorkQueue _queue = new();

    public StatefulSetController(ControllerContext cluster)
    {
        _cluster = cluster;
        _history = new RevisionHistory(cluster);
        cluster.StatefulSets.OnChange((_, sts) => _queue.Add(ObjectKey.Of(sts)));
        cluster.Pods.OnChange((_, pod) => EnqueueOwner(pod));
        cluster.Revisions.OnChange((_, revision) => EnqueueOwner(revision));
    }

    public Task RunAsync(CancellationToken ct) => new ControllerWorker("statefulset", _queue, ReconcileAsync, _cluster.Logger).RunAsync(ct);

    private void EnqueueOwner(IKubernetesObject<V1ObjectMeta> obj)
    {
        if (obj.GetController() is { Kind: "StatefulSet" } owner)
        {
            _queue.Add(ObjectKey.Of(obj.Metadata.NamespaceProperty, owner.Name));
        }
    }

    private async Task ReconcileAsync(string key, CancellationToken ct)
    {
        if (_cluster.StatefulSets.Get(key) is not { Metadata.DeletionTimestamp: null } sts)
        {
            return;
        }

        var collisions = sts.Status?.CollisionCount ?? 0;
        var data = RevisionHistory.Data(sts.Spec.Template);
        var hash = TemplateHash.OfRevisionData(CanonicalJson.SemanticBytes(data), collisions);
        var labels = new Dictionary<string, string>(sts.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            ["controller.kubernetes.io/hash"] = hash,
        };
        V1ControllerRevision update;
        try
        {
            update = await _history.EnsureAsync(sts, "StatefulSet", $"{sts.Metadata.Name}-{hash}", labels, data, ct);
        }
        catch (RevisionCollisionException)
        {
            await WriteStatusAsync(sts, (sts.Status ?? new V1StatefulSetStatus()) with { CollisionCount = collisions + 1 }, ct);
            return;
        }

        var current = _history.Owned(sts).FirstOrDefault(r => r.Metadata.Name == sts.Status?.CurrentRevision) ?? update;
        var pods = Owners.Owned(_cluster.Pods.Items, sts).Where(PodFactory.IsActive).ToList();
        await ManagePodsAsync(sts, current, update, pods, ct);
        await WriteStatusAsync(sts, Status(sts, current, update, pods, collisions), ct);
        var inUse = pods.Select(StatefulSetPods.Revision).Append(current.Metadata.Name).Append(update.Metadata.Name).ToHashSet();
        await _history.TruncateAsync(sts, sts.Spec.RevisionHistoryLimit ?? 10, r => inUse.Contains(r.Metadata.Name), ct);
    }

    /// <summary>One step towards the spec; returns when it must wait for a pod to become ready.</summary>
    private async Task ManagePodsAsync(V1StatefulSet sts, V1ControllerRevision current, V1ControllerRevision update, List<V1Pod> pods, CancellationToken ct)
    {
        var replicas = sts.Spec.Replicas ?? 1;
        var ordered = sts.Spec.PodManagementPolicy != "Parallel";
        var rolling = sts.Spec.UpdateStrategy?.Type != "OnDelete";
        var partition = rolling ? sts.Spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0 : 0;
        var byOrdinal = pods.ToDictionary(p => StatefulSetPods.Ordinal(sts, p));
        for (var ordinal = 0; ordinal < replicas; ordinal++)
        {
            if (!byOrdinal.TryGetValue(ordinal, out var pod))
            {
                var revision = rolling && ordinal < partition ? current : update;
                await CreatePodAsync(StatefulSetPods.New(sts, RevisionHistory.TemplateOf(revision), revision.Metadata.Name, ordinal, _cluster.Options.NodeName), ct);
                if (ordered)
                {
                    return;
                }
            }
            else if (ordered && !PodFactory.IsReady(pod))
            {
                return;
            }
        }

        var allReady = pods.All(PodFactory.IsReady);
        foreach (var (_, pod) in byOrdinal.Where(kv => kv.Key >= replicas || kv.Key < 0).OrderByDescending(kv => kv.Key))
        {
            if (ordered && !allReady)
            {
                return;
            }

            await DeletePodAsync(pod, ct);
            if (ordered)
            {
                return;
            }
        }

        if (!rolling || !allReady || byOrdinal.Count(kv => kv.Key >= 0 && kv.Key < replicas) < replicas)
        {
            return;
        }

        for (var ordinal = replicas - 1; ordinal >= partition; ordinal--)
        {
            if (StatefulSetPods.Revision(byOrdinal[ordinal]) != update.Metadata.Name)
            {
                await DeletePodAsync(byOrdinal[ordinal], ct); // made again from the update revision on the next pass
                return;
            }
        }
    }

    private static V1StatefulSetStatus Status(V1StatefulSet sts, V1ControllerRevision current, V1ControllerRevision update, List<V1Pod> pods, int collisions)
    {
        var ready = pods.Count(PodFactory.IsReady);
        var updated = pods.Count(p => StatefulSetPods.Revision(p) == update.Metadata.Name);
        var status = new V1StatefulSetStatus
        {
            ObservedGeneration = sts.Metadata.Generation,
            Replicas = pods.Count,
            ReadyReplicas = Counts.NonZero(ready),
            AvailableReplicas = ready,
            CurrentReplicas = Counts.NonZero(pods.Count(p => StatefulSetPods.Revision(p) == current.Metadata.Name)),
            UpdatedReplicas = Counts.NonZero(updated),
            CurrentRevision = current.Metadata.Name,
            UpdateRevision = update.Metadata.Name,
            CollisionCount = collisions,
        };

        // completeRollingUpdate: only RollingUpdate ever makes the update revision the current one.
        var complete = sts.Spec.UpdateStrategy?.Type != "OnDelete" && updated == pods.Count && ready == pods.Count;
        return complete ? status with { CurrentRevision = update.Metadata.Name, CurrentReplicas = Counts.NonZero(updated) } : status;
    }

    private async Task WriteStatusAsync(V1StatefulSet sts, V1StatefulSetStatus status, CancellationToken ct)
    {
        if (CanonicalJson.Of(status) == CanonicalJson.Of(sts.Status))
        {
            return;
        }

        var updated = CanonicalJson.Copy(sts);
        updated.Status = status;
        await _cluster.Client.AppsV1.ReplaceNamespacedStatefulSetStatusAsync(updated, sts.Metadata.Name, sts.Metadata.NamespaceProperty, cancellationToken: ct);
    }

    private async Task CreatePodAsync(V1Pod pod, CancellationToken ct)
    {
        try
        {
            await _cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty, cancellationToken: ct);
            Log.Created(_cluster.Logger, "Pod", ObjectKey.Of(pod));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Made on an earlier pass and not in the cache yet.
        }
    }

    private async Task DeletePodAsync(V1Pod pod, CancellationToken ct)
    {
        try
        {
            await _cluster.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: ct);
            Log.Deleted(_cluster.Logger, "Pod", ObjectKey.Of(pod));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or it is a newer pod of the same name than the cache knows.
        }
    }
}
