using k8s;
using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>The list and watch calls of the kinds the controllers follow, through the real KubernetesClient.</summary>
internal static class ClusterApis
{
    public static ListWatch<V1Deployment> Deployments(IKubernetes c) => new("deployments",
        async ct => Page(await c.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct)),
        (rv, timeout, onError, ct) => c.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ListWatch<V1ReplicaSet> ReplicaSets(IKubernetes c) => new("replicasets",
        async ct => Page(await c.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: ct)),
        (rv, timeout, onError, ct) => c.AppsV1.WatchListReplicaSetForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ListWatch<V1StatefulSet> StatefulSets(IKubernetes c) => new("statefulsets",
        async ct => Page(await c.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: ct)),
        (rv, timeout, onError, ct) => c.AppsV1.WatchListStatefulSetForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ListWatch<V1DaemonSet> DaemonSets(IKubernetes c) => new("daemonsets",
        async ct => Page(await c.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: ct)),
        (rv, timeout, onError, ct) => c.AppsV1.WatchListDaemonSetForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ListWatch<V1ControllerRevision> ControllerRevisions(IKubernetes c) => new("controllerrevisions",
        async ct => Page(await c.AppsV1.ListControllerRevisionForAllNamespacesAsync(cancellationToken: ct)),
        (rv, timeout, onError, ct) => c.AppsV1.WatchListControllerRevisionForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ListWatch<V1Pod> Pods(IKubernetes c) => new("pods",
        async ct => Page(await c.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct)),
        (rv, timeout, onError, ct) => c.CoreV1.WatchListPodForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ListWatch<V1Node> Nodes(IKubernetes c) => new("nodes",
        async ct => Page(await c.CoreV1.ListNodeAsync(cancellationToken: ct)),
        (rv, timeout, onError, ct) => c.CoreV1.WatchListNodeAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    private static (IList<T> Items, string ResourceVersion) Page<T>(IItems<T> list) =>
        (list.Items, ((IMetadata<V1ListMeta>)list).ResourceVersion());
}
