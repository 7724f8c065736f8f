using static Syncer.Doubles.Kubernetes.Protobuf.ProtoType;

namespace Syncer.Doubles.Kubernetes.Protobuf;

/// <summary>
/// The field numbers of the kinds kubectl's generators send as protobuf (`kubectl create namespace|secret|
/// configmap|serviceaccount|deployment`), taken from k8s.io/api core/v1 and apps/v1 and k8s.io/apimachinery
/// meta/v1 generated.proto (facts only). Fields kubectl never sends for these kinds (volumes, probes, affinity,
/// status conditions, managedFields, …) are left out on purpose: a body carrying one gets a 415 naming it.
/// </summary>
internal static class KubeProtoSchema
{
    private static readonly ProtoMessage OwnerReference = new ProtoMessage("OwnerReference")
        .Add(Text, (1, "kind"), (3, "name"), (4, "uid"), (5, "apiVersion"))
        .Add(6, "controller", Bool, pointer: true)
        .Add(7, "blockOwnerDeletion", Bool, pointer: true);

    private static readonly ProtoMessage ObjectMeta = new ProtoMessage("ObjectMeta")
        .Add(Text, (1, "name"), (2, "generateName"), (3, "namespace"), (4, "selfLink"), (5, "uid"), (6, "resourceVersion"))
        .Add(7, "generation", Int)
        .Add(8, "creationTimestamp", Time)
        .Add(9, "deletionTimestamp", Time)
        .Add(10, "deletionGracePeriodSeconds", Int, pointer: true)
        .Add(11, "labels", StringMap)
        .Add(12, "annotations", StringMap)
        .Add(13, "ownerReferences", Message, repeated: true, OwnerReference)
        .Add(14, "finalizers", Text, repeated: true);

    private static readonly ProtoMessage LabelSelector = new ProtoMessage("LabelSelector")
        .Add(1, "matchLabels", StringMap)
        .Add(2, "matchExpressions", Message, repeated: true,
            new ProtoMessage("LabelSelectorRequirement").Add(Text, (1, "key"), (2, "operator")).Add(3, "values", Text, repeated: true));

    private static readonly ProtoMessage LocalObjectReference = new ProtoMessage("LocalObjectReference").Add(Text, (1, "name"));

    private static readonly ProtoMessage Container = new ProtoMessage("Container")
        .Add(Text, (1, "name"), (2, "image"), (5, "workingDir"), (13, "terminationMessagePath"), (14, "imagePullPolicy"), (20, "terminationMessagePolicy"))
        .Add(3, "command", Text, repeated: true)
        .Add(4, "args", Text, repeated: true)
        .Add(6, "ports", Message, repeated: true, new ProtoMessage("ContainerPort")
            .Add(Text, (1, "name"), (4, "protocol"), (5, "hostIP")).Add(Int, (2, "hostPort"), (3, "containerPort")))
        .Add(7, "env", Message, repeated: true, new ProtoMessage("EnvVar").Add(Text, (1, "name"), (2, "value")))
        .Add(8, "resources", Message, message: new ProtoMessage("ResourceRequirements").Add(QuantityMap, (1, "limits"), (2, "requests")))
        .Add(Bool, (16, "stdin"), (17, "stdinOnce"), (18, "tty"))
        .Add(24, "restartPolicy", Text, pointer: true);

    private static readonly ProtoMessage PodSpec = new ProtoMessage("PodSpec")
        .Add(2, "containers", Message, repeated: true, Container)
        .Add(20, "initContainers", Message, repeated: true, Container)
        .Add(Text, (3, "restartPolicy"), (6, "dnsPolicy"), (8, "serviceAccountName"), (9, "serviceAccount"), (10, "nodeName"),
            (16, "hostname"), (17, "subdomain"), (19, "schedulerName"), (24, "priorityClassName"))
        .Add(Bool, (11, "hostNetwork"), (12, "hostPID"), (13, "hostIPC"))
        .Add(4, "terminationGracePeriodSeconds", Int, pointer: true)
        .Add(5, "activeDeadlineSeconds", Int, pointer: true)
        .Add(7, "nodeSelector", StringMap)
        .Add(15, "imagePullSecrets", Message, repeated: true, LocalObjectReference)
        .Add(21, "automountServiceAccountToken", Bool, pointer: true)
        .Add(25, "priority", Int, pointer: true)
        .Add(27, "shareProcessNamespace", Bool, pointer: true)
        .Add(29, "runtimeClassName", Text, pointer: true)
        .Add(30, "enableServiceLinks", Bool, pointer: true)
        .Add(31, "preemptionPolicy", Text, pointer: true);

    private static readonly ProtoMessage DeploymentSpec = new ProtoMessage("DeploymentSpec")
        .Add(1, "replicas", Int, pointer: true)
        .Add(2, "selector", Message, message: LabelSelector)
        .Add(3, "template", Message, message: new ProtoMessage("PodTemplateSpec").Add(1, "metadata", Message, message: ObjectMeta).Add(2, "spec", Message, message: PodSpec))
        .Add(4, "strategy", Message, message: new ProtoMessage("DeploymentStrategy")
            .Add(1, "type", Text)
            .Add(2, "rollingUpdate", Message, message: new ProtoMessage("RollingUpdateDeployment").Add(IntOrString, (1, "maxUnavailable"), (2, "maxSurge"))))
        .Add(5, "minReadySeconds", Int)
        .Add(6, "revisionHistoryLimit", Int, pointer: true)
        .Add(7, "paused", Bool)
        .Add(9, "progressDeadlineSeconds", Int, pointer: true);

    private static readonly ProtoMessage DeploymentStatus = new ProtoMessage("DeploymentStatus")
        .Add(Int, (1, "observedGeneration"), (2, "replicas"), (3, "updatedReplicas"), (4, "availableReplicas"), (5, "unavailableReplicas"), (7, "readyReplicas"))
        .Add(8, "collisionCount", Int, pointer: true)
        .Add(9, "terminatingReplicas", Int, pointer: true);

    // k8s.io/api authentication/v1 and authorization/v1: what `kubectl create token` and `kubectl auth can-i [--list]` send.
    private static readonly ProtoMessage TokenRequestSpec = new ProtoMessage("TokenRequestSpec")
        .Add(1, "audiences", Text, repeated: true)
        .Add(3, "boundObjectRef", Message, message: new ProtoMessage("BoundObjectReference").Add(Text, (1, "kind"), (2, "apiVersion"), (3, "name"), (4, "uid")))
        .Add(4, "expirationSeconds", Int, pointer: true);

    private static readonly ProtoMessage ResourceAttributes = new ProtoMessage("ResourceAttributes")
        .Add(Text, (1, "namespace"), (2, "verb"), (3, "group"), (4, "version"), (5, "resource"), (6, "subresource"), (7, "name"));

    private static readonly ProtoMessage AccessReviewStatus = new ProtoMessage("SubjectAccessReviewStatus")
        .Add(Bool, (1, "allowed"), (4, "denied")).Add(Text, (2, "reason"), (3, "evaluationError"));

    private static readonly ProtoMessage RulesReviewStatus = new ProtoMessage("SubjectRulesReviewStatus")
        .Add(1, "resourceRules", Message, repeated: true, new ProtoMessage("ResourceRule")
            .Add(1, "verbs", Text, repeated: true).Add(2, "apiGroups", Text, repeated: true).Add(3, "resources", Text, repeated: true).Add(4, "resourceNames", Text, repeated: true))
        .Add(2, "nonResourceRules", Message, repeated: true, new ProtoMessage("NonResourceRule")
            .Add(1, "verbs", Text, repeated: true).Add(2, "nonResourceURLs", Text, repeated: true))
        .Add(3, "incomplete", Bool)
        .Add(4, "evaluationError", Text);

    /// <summary>Top-level messages by (apiVersion, kind) of the runtime.Unknown envelope.</summary>
    public static readonly IReadOnlyDictionary<(string ApiVersion, string Kind), ProtoMessage> Kinds = new Dictionary<(string, string), ProtoMessage>
    {
        [("v1", "Namespace")] = new ProtoMessage("Namespace")
            .Add(1, "metadata", Message, message: ObjectMeta)
            .Add(2, "spec", Message, message: new ProtoMessage("NamespaceSpec").Add(1, "finalizers", Text, repeated: true))
            .Add(3, "status", Message, message: new ProtoMessage("NamespaceStatus").Add(1, "phase", Text)),
        [("v1", "Secret")] = new ProtoMessage("Secret")
            .Add(1, "metadata", Message, message: ObjectMeta)
            .Add(2, "data", BytesMap)
            .Add(3, "type", Text)
            .Add(4, "stringData", StringMap)
            .Add(5, "immutable", Bool, pointer: true),
        [("v1", "ConfigMap")] = new ProtoMessage("ConfigMap")
            .Add(1, "metadata", Message, message: ObjectMeta)
            .Add(2, "data", StringMap)
            .Add(3, "binaryData", BytesMap)
            .Add(4, "immutable", Bool, pointer: true),
        [("v1", "ServiceAccount")] = new ProtoMessage("ServiceAccount")
            .Add(1, "metadata", Message, message: ObjectMeta)
            .Add(2, "secrets", Message, repeated: true, new ProtoMessage("ObjectReference")
                .Add(Text, (1, "kind"), (2, "namespace"), (3, "name"), (4, "uid"), (5, "apiVersion"), (6, "resourceVersion"), (7, "fieldPath")))
            .Add(3, "imagePullSecrets", Message, repeated: true, LocalObjectReference)
            .Add(4, "automountServiceAccountToken", Bool, pointer: true),
        [("apps/v1", "Deployment")] = new ProtoMessage("Deployment")
            .Add(1, "metadata", Message, message: ObjectMeta)
            .Add(2, "spec", Message, message: DeploymentSpec)
            .Add(3, "status", Message, message: DeploymentStatus),
        [("authentication.k8s.io/v1", "TokenRequest")] = new ProtoMessage("TokenRequest")
            .Add(1, "metadata", Message, message: ObjectMeta)
            .Add(2, "spec", Message, message: TokenRequestSpec)
            .Add(3, "status", Message, message: new ProtoMessage("TokenRequestStatus").Add(1, "token", Text).Add(2, "expirationTimestamp", Time)),
        [("authentication.k8s.io/v1", "SelfSubjectReview")] = new ProtoMessage("SelfSubjectReview")
            .Add(1, "metadata", Message, message: ObjectMeta)
            .Add(2, "status", Message, message: new ProtoMessage("SelfSubjectReviewStatus")
                .Add(1, "userInfo", Message, message: new ProtoMessage("UserInfo").Add(Text, (1, "username"), (2, "uid")).Add(3, "groups", Text, repeated: true))),
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = new ProtoMessage("SelfSubjectAccessReview")
            .Add(1, "metadata", Message, message: ObjectMeta)
            .Add(2, "spec", Message, message: new ProtoMessage("SelfSubjectAccessReviewSpec")
                .Add(1, "resourceAttributes", Message, message: ResourceAttributes)
                .Add(2, "nonResourceAttributes", Message, message: new ProtoMessage("NonResourceAttributes").Add(Text, (1, "path"), (2, "verb"))))
            .Add(3, "status", Message, message: AccessReviewStatus),
        [("authorization.k8s.io/v1", "SelfSubjectRulesReview")] = new ProtoMessage("SelfSubjectRulesReview")
            .Add(1, "metadata", Message, message: ObjectMeta)
            .Add(2, "spec", Message, message: new ProtoMessage("SelfSubjectRulesReviewSpec").Add(1, "namespace", Text))
            .Add(3, "status", Message, message: RulesReviewStatus),
    };
}
