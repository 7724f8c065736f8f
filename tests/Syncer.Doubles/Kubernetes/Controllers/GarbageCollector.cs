using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;

namespace Syncer.Doubles.Kubernetes.Controllers;

/// <summary>
/// The garbage collector for what these controllers make: a ReplicaSet, Pod or ControllerRevision whose every
/// owner (of the kinds here) is gone is deleted, so deleting a Deployment takes its ReplicaSets and their pods
/// with it. Background propagation only (the double does not pass <c>propagationPolicy</c> on; Orphan and
/// Foreground are not honoured); before deleting, the owner is looked up on the server, not only in the cache.
/// </summary>
internal sealed class GarbageCollector
{
    private static readonly string[] OwnerKinds = ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"];
    private readonly ControllerContext _cluster;
    private readonly WorkQueue _queue = new();

    public GarbageCollector(ControllerContext cluster)
    {
        _cluster = cluster;
        Follow(cluster.ReplicaSets, "replicasets");
        Follow(cluster.Pods, "pods");
        Follow(cluster.Revisions, "controllerrevisions");
        cluster.Deployments.OnChange(OwnerChanged);
        cluster.ReplicaSets.OnChange(OwnerChanged);
        cluster.StatefulSets.OnChange(OwnerChanged);
        cluster.DaemonSets.OnChange(OwnerChanged);
    }

    public Task RunAsync(CancellationToken ct) => new ControllerWorker("garbagecollector", _queue, CollectAsync, _cluster.Logger).RunAsync(ct);

    private void Follow<T>(Informer<T> dependents, string resource)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        dependents.OnChange((type, obj) =>
        {
            if (type != WatchEventType.Deleted && obj.Metadata.OwnerReferences is { Count: > 0 })
            {
                _queue.Add($"{resource}|{ObjectKey.Of(obj)}");
            }
        });

    private void OwnerChanged(WatchEventType type, IKubernetesObject<V1ObjectMeta> owner)
    {
        if (type != WatchEventType.Deleted)
        {
            return;
        }

        bool OwnedBy(IKubernetesObject<V1ObjectMeta> o) => o.Metadata.OwnerReferences?.Any(r => r.Uid == owner.Metadata.Uid) == true;
        foreach (var rs in _cluster.ReplicaSets.Items.Where(OwnedBy))
        {
            _queue.Add($"replicasets|{ObjectKey.Of(rs)}");
        }

        foreach (var pod in _cluster.Pods.Items.Where(OwnedBy))
        {
            _queue.Add($"pods|{ObjectKey.Of(pod)}");
        }

        foreach (var revision in _cluster.Revisions.Items.Where(OwnedBy))
        {
            _queue.Add($"controllerrevisions|{ObjectKey.Of(revision)}");
        }
    }

    private async Task CollectAsync(string item, CancellationToken ct)
    {
        var (resource, key) = (item[..item.IndexOf('|', StringComparison.Ordinal)], item[(item.IndexOf('|', StringComparison.Ordinal) + 1)..]);
        IKubernetesObject<V1ObjectMeta>? dependent = resource switch
        {
            "replicasets" => _cluster.ReplicaSets.Get(key),
            "pods" => _cluster.Pods.Get(key),
            _ => _cluster.Revisions.Get(key),
        };
        var owners = dependent?.Metadata.OwnerReferences?.Where(r => r.ApiVersion == "apps/v1" && OwnerKinds.Contains(r.Kind)).ToList();
        if (dependent is null || owners is not { Count: > 0 } || owners.Any(OwnerCached))
        {
            return;
        }

        foreach (var owner in owners)
        {
            if (await OwnerOnServerAsync(owner, dependent.Metadata.NamespaceProperty, ct))
            {
                return;
            }
        }

        var (ns, name) = ObjectKey.Split(key);
        var options = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = dependent.Metadata.Uid } };
        try
        {
            _ = resource switch
            {
                "replicasets" => await _cluster.Client.AppsV1.DeleteNamespacedReplicaSetAsync(name, ns, options, cancellationToken: ct),
                "pods" => (object)await _cluster.Client.CoreV1.DeleteNamespacedPodAsync(name, ns, options, cancellationToken: ct),
                _ => await _cluster.Client.AppsV1.DeleteNamespacedControllerRevisionAsync(name, ns, options, cancellationToken: ct),
            };
            Log.Deleted(_cluster.Logger, resource, key);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or replaced by a newer object of the same name.
        }
    }

    private bool OwnerCached(V1OwnerReference owner)
    {
        IEnumerable<IKubernetesObject<V1ObjectMeta>> candidates = owner.Kind switch
        {
            "Deployment" => _cluster.Deployments.Items,
            "ReplicaSet" => _cluster.ReplicaSets.Items,
            "StatefulSet" => _cluster.StatefulSets.Items,
            _ => _cluster.DaemonSets.Items,
        };
        return candidates.Any(o => o.Metadata.Uid == owner.Uid);
    }

    private async Task<bool> OwnerOnServerAsync(V1OwnerReference owner, string ns, CancellationToken ct)
    {
        try
        {
            IKubernetesObject<V1ObjectMeta> found = owner.Kind switch
            {
                "Deployment" => await _cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(owner.Name, ns, cancellationToken: ct),
                "ReplicaSet" => await _cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync(owner.Name, ns, cancellationToken: ct),
                "StatefulSet" => await _cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync(owner.Name, ns, cancellationToken: ct),
                _ => await _cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync(owner.Name, ns, cancellationToken: ct),
            };
            return found.Metadata.Uid == owner.Uid;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
