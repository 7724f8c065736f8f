namespace Syncer.Doubles.Kubernetes.Api;

/// <summary>The resources the double serves (see docs/doubles-kubernetes.md for what it does not).</summary>
internal static class ResourceCatalog
{
    public const string Rbac = "rbac.authorization.k8s.io";

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

    // What an install applies (kubectl apply -k kustomize/overlays/<env>): Services, disruption budgets, network
    // policies, RBAC, and CustomResourceDefinitions with the custom resources they define (ApiResources).
    public static readonly ResourceType Services = new("", "v1", "services", "Service", true, "services", ["svc"], HasStatus: true, Categories: InAll);
    public static readonly ResourceType PodDisruptionBudgets = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, "poddisruptionbudgets", ["pdb"], GenerationRule.Spec, HasStatus: true);
    public static readonly ResourceType NetworkPolicies = new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, "networkpolicies", ["netpol"], GenerationRule.Spec);
    public static readonly ResourceType Roles = new(Rbac, "v1", "roles", "Role", true, "roles", []);
    public static readonly ResourceType ClusterRoles = new(Rbac, "v1", "clusterroles", "ClusterRole", false, "clusterroles", []);
    public static readonly ResourceType RoleBindings = new(Rbac, "v1", "rolebindings", "RoleBinding", true, "rolebindings", []);
    public static readonly ResourceType ClusterRoleBindings = new(Rbac, "v1", "clusterrolebindings", "ClusterRoleBinding", false, "clusterrolebindings", []);
    public static readonly ResourceType CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, "customresourcedefinitions", ["crd", "crds"], GenerationRule.Spec, HasStatus: true);

    // Reviews: create-only, answered and never stored (authentication.k8s.io, authorization.k8s.io).
    public static readonly ResourceType TokenReviews = new("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", false, "", [], CreateOnly: true);
    public static readonly ResourceType SelfSubjectReviews = new("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false, "", [], CreateOnly: true);
    public static readonly ResourceType SelfSubjectAccessReviews = new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, "", [], CreateOnly: true);
    public static readonly ResourceType SelfSubjectRulesReviews = new("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, "", [], CreateOnly: true);
    public static readonly ResourceType SubjectAccessReviews = new("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false, "", [], CreateOnly: true);
    public static readonly ResourceType LocalSubjectAccessReviews = new("authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", true, "", [], CreateOnly: true);

    /// <summary>The TokenRequest a POST to serviceaccounts/&lt;name&gt;/token takes and answers.</summary>
    public static readonly ResourceType TokenRequests = new("authentication.k8s.io", "v1", "serviceaccounts/token", "TokenRequest", true, "", [], CreateOnly: true);

    public static readonly IReadOnlyList<ResourceType> All =
    [
        Namespaces, Secrets, ConfigMaps, ServiceAccounts, Services, CoreEvents, Events, Pods, Nodes,
        Deployments, StatefulSets, DaemonSets, ReplicaSets, ControllerRevisions, Leases,
        PodDisruptionBudgets, NetworkPolicies, Roles, ClusterRoles, RoleBindings, ClusterRoleBindings, CustomResourceDefinitions,
        TokenReviews, SelfSubjectReviews, SelfSubjectAccessReviews, SelfSubjectRulesReviews, SubjectAccessReviews, LocalSubjectAccessReviews,
    ];

    public static ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);
}
