using k8s;
using k8s.Models;

namespace Syncer.Chaos.Leaks;

/// <summary>
/// What Syncer wrote into the cluster that anyone may read, as texts for the <see cref="LeakScanner"/>: every Event,
/// the metadata (annotations, labels) of every Secret, and every workload, ReplicaSet and Pod whole (a pod template
/// must carry no value and no hash of one). Secret <c>data</c> is where values belong: left out.
/// </summary>
public static class ClusterTexts
{
    public static async Task<IReadOnlyList<(string Where, string Text)>> ReadAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var texts = new List<(string, string)>();
        void Add<T>(string kind, IEnumerable<T> items, Func<T, V1ObjectMeta> meta, Func<T, object> part) =>
            texts.AddRange(items.Select(i => ($"{kind} {meta(i).NamespaceProperty}/{meta(i).Name}", KubernetesJson.Serialize(part(i)))));

        Add("Event", (await client.CoreV1.ListEventForAllNamespacesAsync(cancellationToken: cancellationToken)).Items, e => e.Metadata, e => e);
        Add("Secret metadata", (await client.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: cancellationToken)).Items, s => s.Metadata, s => s.Metadata);
        Add("Deployment", (await client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: cancellationToken)).Items, d => d.Metadata, d => d);
        Add("StatefulSet", (await client.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: cancellationToken)).Items, d => d.Metadata, d => d);
        Add("DaemonSet", (await client.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: cancellationToken)).Items, d => d.Metadata, d => d);
        Add("ReplicaSet", (await client.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: cancellationToken)).Items, d => d.Metadata, d => d);
        Add("Pod", (await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken)).Items, d => d.Metadata, d => d);
        return texts;
    }
}
