using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes;

namespace Syncer.Doubles.Tests.Kubernetes.Auth;

/// <summary>RBAC objects and ServiceAccount tokens made as an admin makes them: through the API, with the real client.</summary>
internal static class Rbac
{
    public static V1PolicyRule Rule(string[] verbs, string[] resources, string group = "", string[]? names = null) =>
        new() { Verbs = verbs, ApiGroups = [group], Resources = resources, ResourceNames = names };

    public static Rbacv1Subject ServiceAccount(string name, string? ns) => new() { Kind = "ServiceAccount", Name = name, NamespaceProperty = ns };

    public static Rbacv1Subject Group(string name) => new() { Kind = "Group", Name = name, ApiGroup = "rbac.authorization.k8s.io" };

    /// <summary>Creates the ServiceAccount and returns a token of it for the API server (the TokenRequest API).</summary>
    public static async Task<string> ServiceAccountTokenAsync(IKubernetes admin, string ns, string name, string[]? audiences = null, long seconds = 3600)
    {
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, ns, cancellationToken: KubeTest.Ct);
        return await TokenAsync(admin, ns, name, audiences, seconds);
    }

    public static async Task<string> TokenAsync(IKubernetes admin, string ns, string name, string[]? audiences = null, long seconds = 3600) =>
        (await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = audiences, ExpirationSeconds = seconds } }, name, ns,
            cancellationToken: KubeTest.Ct)).Status.Token;

    public static Task<V1ClusterRole> ClusterRoleAsync(IKubernetes admin, string name, params V1PolicyRule[] rules) =>
        admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = name }, Rules = rules }, cancellationToken: KubeTest.Ct);

    public static Task<V1Role> RoleAsync(IKubernetes admin, string ns, string name, params V1PolicyRule[] rules) =>
        admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = name }, Rules = rules }, ns, cancellationToken: KubeTest.Ct);

    public static Task<V1RoleBinding> RoleBindingAsync(IKubernetes admin, string ns, string name, string roleKind, string role, params Rbacv1Subject[] subjects) =>
        admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = name },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = roleKind, Name = role },
            Subjects = subjects,
        }, ns, cancellationToken: KubeTest.Ct);

    public static Task<V1ClusterRoleBinding> ClusterRoleBindingAsync(IKubernetes admin, string name, string role, params Rbacv1Subject[] subjects) =>
        admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = name },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role },
            Subjects = subjects,
        }, cancellationToken: KubeTest.Ct);

    public static Task<KubeApiDouble> StartAsync() =>
        KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = ["shop", "other", "syncer-system"] }, KubeTest.Ct);
}
