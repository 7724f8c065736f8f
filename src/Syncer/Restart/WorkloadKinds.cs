using k8s;
using k8s.Models;
using Syncer.Kubernetes;

namespace Syncer.Restart;

/// <summary>
/// The workload table (STYLE.md item 16): one row per kind Syncer rolls, each saying how to list, watch and patch it,
/// where its pod template is, and how to read pause, OnDelete and rollout progress. Adding a kind is adding a row.
/// </summary>
internal static class WorkloadKinds
{
    public static readonly WorkloadKind<V1Deployment, V1DeploymentList> Deployment = new("deployment", "deployments", "Deployment", needsOwnDeadline: false)
    {
        List = (client, scope, q, ct) => scope is null
            ? client.AppsV1.ListDeploymentForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: q.Watch, continueParameter: q.Continue, limit: q.Limit,
                resourceVersion: q.ResourceVersion, timeoutSeconds: q.TimeoutSeconds, watch: q.Watch, cancellationToken: ct)
            : client.AppsV1.ListNamespacedDeploymentWithHttpMessagesAsync(scope, allowWatchBookmarks: q.Watch, continueParameter: q.Continue, limit: q.Limit,
                resourceVersion: q.ResourceVersion, timeoutSeconds: q.TimeoutSeconds, watch: q.Watch, cancellationToken: ct),
        Patch = (client, body, ns, name, ct) => client.AppsV1.PatchNamespacedDeploymentAsync(body, name, ns, fieldManager: SecretClient.FieldManager, cancellationToken: ct),
        Template = d => d.Spec?.Template,
        Paused = d => d.Spec?.Paused == true,
        OnDelete = _ => false,
        Progress = RolloutStatus.Of,
    };

    public static readonly WorkloadKind<V1StatefulSet, V1StatefulSetList> StatefulSet = new("statefulset", "statefulsets", "StatefulSet", needsOwnDeadline: true)
    {
        List = (client, scope, q, ct) => scope is null
            ? client.AppsV1.ListStatefulSetForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: q.Watch, continueParameter: q.Continue, limit: q.Limit,
                resourceVersion: q.ResourceVersion, timeoutSeconds: q.TimeoutSeconds, watch: q.Watch, cancellationToken: ct)
            : client.AppsV1.ListNamespacedStatefulSetWithHttpMessagesAsync(scope, allowWatchBookmarks: q.Watch, continueParameter: q.Continue, limit: q.Limit,
                resourceVersion: q.ResourceVersion, timeoutSeconds: q.TimeoutSeconds, watch: q.Watch, cancellationToken: ct),
        Patch = (client, body, ns, name, ct) => client.AppsV1.PatchNamespacedStatefulSetAsync(body, name, ns, fieldManager: SecretClient.FieldManager, cancellationToken: ct),
        Template = s => s.Spec?.Template,
        Paused = _ => false,
        OnDelete = s => s.Spec?.UpdateStrategy?.Type == RolloutStatus.OnDeleteStrategy,
        Progress = RolloutStatus.Of,
    };

    public static readonly WorkloadKind<V1DaemonSet, V1DaemonSetList> DaemonSet = new("daemonset", "daemonsets", "DaemonSet", needsOwnDeadline: true)
    {
        List = (client, scope, q, ct) => scope is null
            ? client.AppsV1.ListDaemonSetForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: q.Watch, continueParameter: q.Continue, limit: q.Limit,
                resourceVersion: q.ResourceVersion, timeoutSeconds: q.TimeoutSeconds, watch: q.Watch, cancellationToken: ct)
            : client.AppsV1.ListNamespacedDaemonSetWithHttpMessagesAsync(scope, allowWatchBookmarks: q.Watch, continueParameter: q.Continue, limit: q.Limit,
                resourceVersion: q.ResourceVersion, timeoutSeconds: q.TimeoutSeconds, watch: q.Watch, cancellationToken: ct),
        Patch = (client, body, ns, name, ct) => client.AppsV1.PatchNamespacedDaemonSetAsync(body, name, ns, fieldManager: SecretClient.FieldManager, cancellationToken: ct),
        Template = d => d.Spec?.Template,
        Paused = _ => false,
        OnDelete = d => d.Spec?.UpdateStrategy?.Type == RolloutStatus.OnDeleteStrategy,
        Progress = RolloutStatus.Of,
    };

    public static readonly IReadOnlyList<WorkloadKind> All = [Deployment, StatefulSet, DaemonSet];

    /// <summary>The row named as <c>syncer.io/restart</c> lists name kinds (<c>deployment</c>), or null.</summary>
    public static WorkloadKind? ByName(string name) => All.FirstOrDefault(k => k.Name == name);
}
