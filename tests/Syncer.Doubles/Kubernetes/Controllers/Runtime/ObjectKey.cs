using k8s;
using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>"namespace/name" (or "name" for a cluster-scoped object): how caches and work queues name objects.</summary>
internal static class ObjectKey
{
    public static string Of(IKubernetesObject<V1ObjectMeta> obj) => Of(obj.Metadata.NamespaceProperty, obj.Metadata.Name);

    public static string Of(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public static (string Namespace, string Name) Split(string key) =>
        key.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? (key[..slash], key[(slash + 1)..]) : ("", key);
}
