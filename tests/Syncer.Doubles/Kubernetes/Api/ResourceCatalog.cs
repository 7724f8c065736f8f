namespace Syncer.Doubles.Kubernetes.Api;

/// <summary>The resources the double serves (see docs/doubles-kubernetes.md for what it does not).</summary>
internal static class ResourceCatalog
{
    // Event field selectors use the core/v1 field names (the stored shape) on both APIs.
    private static readonly string[] EventFields =
    [
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        "reason", "reportingComponent", "source", "type",
    ];

    // The kinds `kubectl get all` lists (the "all" category in discovery).
    private static readonly string[] InAll = ["all"];

    // pkg/registry/core/pod/strategy.go ToSelectableFields (the ones with a plain field behind them).
    private static readonly string[] PodFields =
    [
        "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase",
        "status.podIP", "status.nominatedNodeName",
    ];

    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "Namespace", false, "namespaces", ["ns"], ReturnDeletedObject: true, HasStatus: true, ExtraSelectableFields: ["status.phase"]);
    public static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", true, "secrets", [], ExtraSelectableFields: ["type"]);
    public static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true, "configmaps", ["cm"]);
    public static readonly ResourceType ServiceAccounts = new("", "v1", "serviceaccounts", "ServiceAccount", true, "serviceaccounts", ["sa"], ReturnDeletedObject: true);
    public static readonly ResourceType CoreEvents = new("", "v1", "events", "Event", true, "events", ["ev"], ExtraSelectableFields: EventFields);
    public static readonly ResourceType Events = new("events.k8s.io", "v1", "events", "Event", true, "events", ["ev"], ExtraSelectableFields: EventFields);
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "Deployment", true, "deployments", ["deploy"], GenerationRule.SpecOrAnnotations, HasStatus: true, Categories: InAll);
    public static readonly ResourceType StatefulSets = new("apps", "v1", "statefulsets", "StatefulSet", true, "statefulsets", ["sts"], GenerationRule.Spec, HasStatus: true, Categories: InAll);
    public static readonly ResourceType DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet", true, "daemonsets", ["ds"], GenerationRule.Spec, HasStatus: true, Categories: InAll);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "Lease", true, "leases", [], AllowUnconditionalUpdate: false);

    // What the workload controllers (Controllers/, beside the server) read and write.
    public static readonly ResourceType Pods = new("", "v1", "pods", "Pod", true, "pods", ["po"], HasStatus: true, ReturnDeletedObject: true, ExtraSelectableFields: PodFields, Categories: InAll);
    public static readonly ResourceType Nodes = new("", "v1", "nodes", "Node", false, "nodes", ["no"], HasStatus: true);
    public static readonly ResourceType ReplicaSets = new("apps", "v1", "replicasets", "ReplicaSet", true, "replicasets", ["rs"], GenerationRule.Spec, HasStatus: true, Categories: InAll);
    public static readonly ResourceType ControllerRevisions = new("apps", "v1", "controllerrevisions", "ControllerRevision", true, "controllerrevisions", []);

    public static readonly IReadOnlyList<ResourceType> All =
        [Namespaces, Secrets, ConfigMaps, ServiceAccounts, CoreEvents, Events, Pods, Nodes, Deployments, StatefulSets, DaemonSets, ReplicaSets, ControllerRevisions, Leases];

    /// <summary>Group versions in discovery order ("" is the legacy core group at /api/v1).</summary>
    public static IEnumerable<(string Group, string Version)> GroupVersions =>
        All.Select(r => (r.Group, r.Version)).Distinct();

    public static ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);
}
