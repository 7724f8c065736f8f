using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;

namespace Syncer.Doubles;

/// <summary>
/// Makes the Vault double a Vault running in the Kubernetes double's cluster, as tests/e2e/vault.yaml runs one on
/// kind: namespace vault, ServiceAccount vault bound to system:auth-delegator (it may call TokenReview), and that
/// account's token and the cluster CA handed to the Vault double as the files a pod would mount. Vault's Kubernetes
/// auth configured with kubernetes_host alone then reviews tokens as it would in the cluster.
/// </summary>
public static class VaultInCluster
{
    public const string Namespace = "vault";
    public const string ServiceAccount = "vault";

    public static async Task ConnectAsync(KubeApiDouble kube, VaultDouble vault, CancellationToken cancellationToken = default)
    {
        using var client = new k8s.Kubernetes(kube.CreateClientConfiguration());
        kube.AddNamespace(Namespace);
        await client.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = ServiceAccount } }, Namespace, cancellationToken: cancellationToken);
        await client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "vault-tokenreview" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "system:auth-delegator" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = ServiceAccount, NamespaceProperty = Namespace }],
        }, cancellationToken: cancellationToken);
        // A pod's token lives an hour and is refreshed by the kubelet; the sandbox's lives as long as it runs.
        var token = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 7 * 24 * 3600 } }, ServiceAccount, Namespace,
            cancellationToken: cancellationToken);
        vault.SetLocalServiceAccount(token.Status.Token, kube.CertificateAuthorityPem);
    }
}
