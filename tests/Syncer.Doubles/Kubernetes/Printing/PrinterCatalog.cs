using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Printing;

/// <summary>
/// The printer of each resource, by API group and plural, so a resource added to the catalog later (pods,
/// replicasets, nodes, controllerrevisions) prints as soon as it is served. No printer: no Table is offered,
/// and kubectl falls back to its own NAME/AGE columns.
/// </summary>
internal static class PrinterCatalog
{
    private static readonly Dictionary<(string Group, string Plural), ResourcePrinter> Printers = new()
    {
        [("", "secrets")] = CorePrinters.Secret,
        [("", "configmaps")] = CorePrinters.ConfigMap,
        [("", "serviceaccounts")] = CorePrinters.ServiceAccount,
        [("", "namespaces")] = CorePrinters.Namespace,
        [("", "events")] = CorePrinters.Event,
        [("events.k8s.io", "events")] = CorePrinters.Event,
        [("coordination.k8s.io", "leases")] = CorePrinters.Lease,
        [("", "pods")] = PodAndNodePrinters.Pod,
        [("", "nodes")] = PodAndNodePrinters.Node,
        [("apps", "deployments")] = WorkloadPrinters.Deployment,
        [("apps", "replicasets")] = WorkloadPrinters.ReplicaSet,
        [("apps", "statefulsets")] = WorkloadPrinters.StatefulSet,
        [("apps", "daemonsets")] = WorkloadPrinters.DaemonSet,
        [("apps", "controllerrevisions")] = WorkloadPrinters.ControllerRevision,
    };

    public static ResourcePrinter? Find(ResourceType type) => Printers.GetValueOrDefault((type.Group, type.Plural));
}
