using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.Auth.Rbac;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes.Auth;

/// <summary>
/// The RBAC authorizer against reference section 10 (plugin/pkg/auth/authorizer/rbac): a ServiceAccount's token,
/// from TokenRequest, is allowed exactly what its bindings grant, and a denial is the real 403 with its message.
/// </summary>
public sealed class RbacAuthorizerTests
{
    private const string User = "system:serviceaccount:syncer-system:syncer";

    [Fact(Timeout = 20_000)]
    public async Task RoleBindingToAClusterRole_GrantsInItsNamespaceOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RbacCluster.StartAsync();
        var (api, admin, token) = (cluster.Api, cluster.Admin, cluster.SyncerToken);
        await ClusterRoleAsync(admin, "reader", Rule(["get", "list"], ["secrets"]));
        await RoleBindingAsync(admin, "shop", "reader", "ClusterRole", "reader", ServiceAccount("syncer", "syncer-system"));
        await admin.CoreV1.CreateNamespacedSecretAsync(Secret("db"), "shop", cancellationToken: ct);
        await admin.CoreV1.CreateNamespacedSecretAsync(Secret("db"), "other", cancellationToken: ct);
        var syncer = cluster.Syncer;

        Assert.Equal("db", (await syncer.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct)).Metadata.Name);
        Assert.Single((await syncer.CoreV1.ListNamespacedSecretAsync("shop", cancellationToken: ct)).Items);
        var outside = await StatusOfAsync(() => syncer.CoreV1.ReadNamespacedSecretAsync("db", "other", cancellationToken: ct));
        var clusterWide = await StatusOfAsync(() => syncer.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: ct));

        Assert.Equal((403, "Forbidden"), (outside.Code, outside.Reason));
        Assert.Equal($"secrets \"db\" is forbidden: User \"{User}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"other\"", outside.Message);
        Assert.Equal(("db", "secrets"), (outside.Details.Name, outside.Details.Kind));
        Assert.Equal($"secrets is forbidden: User \"{User}\" cannot list resource \"secrets\" in API group \"\" at the cluster scope", clusterWide.Message);
    }

    [Fact(Timeout = 20_000)]
    public async Task ClusterRoleBinding_GrantsEveryNamespaceAndTheClusterScope()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RbacCluster.StartAsync();
        var (api, admin, token) = (cluster.Api, cluster.Admin, cluster.SyncerToken);
        await ClusterRoleAsync(admin, "reader", Rule(["list"], ["secrets", "namespaces"]));
        await ClusterRoleBindingAsync(admin, "reader", "reader", ServiceAccount("syncer", "syncer-system"));
        var syncer = cluster.Syncer;

        await syncer.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: ct);
        await syncer.CoreV1.ListNamespacedSecretAsync("other", cancellationToken: ct);
        Assert.Contains((await syncer.CoreV1.ListNamespaceAsync(cancellationToken: ct)).Items, n => n.Metadata.Name == "shop");
        var get = await StatusOfAsync(() => syncer.CoreV1.ReadNamespacedSecretAsync("x", "shop", cancellationToken: ct));
        Assert.Equal($"secrets \"x\" is forbidden: User \"{User}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"shop\"", get.Message);
    }

    [Fact(Timeout = 20_000)]
    public async Task RoleBinding_UsesARoleOfItsOwnNamespace_AndSaysWhenTheRoleIsMissing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RbacCluster.StartAsync();
        var (api, admin, token) = (cluster.Api, cluster.Admin, cluster.SyncerToken);
        await RoleAsync(admin, "other", "reader", Rule(["get"], ["secrets"])); // the Role lives in "other" only
        await RoleBindingAsync(admin, "shop", "reader", "Role", "reader", ServiceAccount("syncer", "syncer-system"));
        await RoleBindingAsync(admin, "other", "reader", "Role", "reader", ServiceAccount("syncer", "syncer-system"));
        await admin.CoreV1.CreateNamespacedSecretAsync(Secret("db"), "other", cancellationToken: ct);
        var syncer = cluster.Syncer;

        await syncer.CoreV1.ReadNamespacedSecretAsync("db", "other", cancellationToken: ct);
        var denied = await StatusOfAsync(() => syncer.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct));

        Assert.Equal(
            $"secrets \"db\" is forbidden: User \"{User}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"shop\": RBAC: role.rbac.authorization.k8s.io \"reader\" not found",
            denied.Message);
    }

    [Fact(Timeout = 20_000)]
    public async Task ResourceNames_GrantGetOfThatName_AndListOrWatchOnlyWithItsNameFieldSelector()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RbacCluster.StartAsync();
        var (api, admin, token) = (cluster.Api, cluster.Admin, cluster.SyncerToken);
        await RoleAsync(admin, "shop", "one", Rule(["get", "list", "watch", "create"], ["secrets"], names: ["db"]));
        await RoleBindingAsync(admin, "shop", "one", "Role", "one", ServiceAccount("syncer", "syncer-system"));
        await admin.CoreV1.CreateNamespacedSecretAsync(Secret("db"), "shop", cancellationToken: ct);
        await admin.CoreV1.CreateNamespacedSecretAsync(Secret("cache"), "shop", cancellationToken: ct);
        var syncer = cluster.Syncer;

        await syncer.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct);
        var byName = await syncer.CoreV1.ListNamespacedSecretAsync("shop", fieldSelector: "metadata.name=db", cancellationToken: ct);
        var other = await StatusOfAsync(() => syncer.CoreV1.ReadNamespacedSecretAsync("cache", "shop", cancellationToken: ct));
        var list = await StatusOfAsync(() => syncer.CoreV1.ListNamespacedSecretAsync("shop", cancellationToken: ct));
        var otherName = await StatusOfAsync(() => syncer.CoreV1.ListNamespacedSecretAsync("shop", fieldSelector: "metadata.name=cache", cancellationToken: ct));
        var (watchByName, _, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/shop/secrets?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Ddb", token: token);
        var (watchAll, _, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/shop/secrets?watch=true&timeoutSeconds=1", token: token);
        // resourceNames cannot restrict create: no name is known then.
        var create = await StatusOfAsync(() => syncer.CoreV1.CreateNamespacedSecretAsync(Secret("db2"), "shop", cancellationToken: ct));

        Assert.Equal("db", Assert.Single(byName.Items).Metadata.Name);
        Assert.Equal(403, other.Code);
        Assert.Equal($"secrets is forbidden: User \"{User}\" cannot list resource \"secrets\" in API group \"\" in the namespace \"shop\"", list.Message);
        Assert.Equal($"secrets \"cache\" is forbidden: User \"{User}\" cannot list resource \"secrets\" in API group \"\" in the namespace \"shop\"", otherName.Message);
        Assert.Equal((200, 403), (watchByName, watchAll));
        Assert.Equal($"secrets is forbidden: User \"{User}\" cannot create resource \"secrets\" in API group \"\" in the namespace \"shop\"", create.Message);
    }

    [Fact(Timeout = 20_000)]
    public async Task Subjects_MatchByGroup_AndAServiceAccountWithoutNamespaceIsTheBindingsOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RbacCluster.StartAsync();
        var (api, admin, syncer) = (cluster.Api, cluster.Admin, cluster.Syncer);
        var shopToken = await ServiceAccountTokenAsync(admin, "shop", "app");
        await ClusterRoleAsync(admin, "cm-reader", Rule(["list"], ["configmaps"]));
        await ClusterRoleAsync(admin, "secret-reader", Rule(["list"], ["secrets"]));
        await RoleBindingAsync(admin, "other", "by-group", "ClusterRole", "cm-reader", Group("system:serviceaccounts:syncer-system"));
        await RoleBindingAsync(admin, "shop", "local-sa", "ClusterRole", "secret-reader", ServiceAccount("app", null));
        using var app = Client(api, shopToken);

        await syncer.CoreV1.ListNamespacedConfigMapAsync("other", cancellationToken: ct);
        await app.CoreV1.ListNamespacedSecretAsync("shop", cancellationToken: ct);
        Assert.Equal(403, (await StatusOfAsync(() => app.CoreV1.ListNamespacedConfigMapAsync("other", cancellationToken: ct))).Code);
        Assert.Equal(403, (await StatusOfAsync(() => syncer.CoreV1.ListNamespacedSecretAsync("shop", cancellationToken: ct))).Code);
    }

    [Fact(Timeout = 20_000)]
    public async Task ClusterScope_ANamespaceIsReadableFromItsOwnRoleBinding_ButListingNamespacesIsNot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RbacCluster.StartAsync();
        var (api, admin, token) = (cluster.Api, cluster.Admin, cluster.SyncerToken);
        await ClusterRoleAsync(admin, "ns-reader", Rule(["get", "list"], ["namespaces"]));
        await RoleBindingAsync(admin, "shop", "ns-reader", "ClusterRole", "ns-reader", ServiceAccount("syncer", "syncer-system"));
        var syncer = cluster.Syncer;

        await syncer.CoreV1.ReadNamespaceAsync("shop", cancellationToken: ct);
        var other = await StatusOfAsync(() => syncer.CoreV1.ReadNamespaceAsync("other", cancellationToken: ct));
        var list = await StatusOfAsync(() => syncer.CoreV1.ListNamespaceAsync(cancellationToken: ct));

        Assert.Equal($"namespaces \"other\" is forbidden: User \"{User}\" cannot get resource \"namespaces\" in API group \"\" in the namespace \"other\"", other.Message);
        Assert.Equal($"namespaces is forbidden: User \"{User}\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope", list.Message);
    }

    [Fact(Timeout = 20_000)]
    public async Task Subresources_AreResourcesOfTheirOwn_AndDiscoveryIsOpenToEveryAuthenticatedUser()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RbacCluster.StartAsync();
        var (api, admin, token) = (cluster.Api, cluster.Admin, cluster.SyncerToken);
        await ClusterRoleAsync(admin, "status-writer", Rule(["get", "patch"], ["deployments/status"], "apps"));
        await ClusterRoleBindingAsync(admin, "status-writer", "status-writer", ServiceAccount("syncer", "syncer-system"));
        await admin.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "shop", cancellationToken: ct);
        var syncer = cluster.Syncer;

        await syncer.AppsV1.ReadNamespacedDeploymentStatusAsync("web", "shop", cancellationToken: ct);
        var main = await StatusOfAsync(() => syncer.AppsV1.ReadNamespacedDeploymentAsync("web", "shop", cancellationToken: ct));
        var (discovery, groups, _) = await RawAsync(api, HttpMethod.Get, "/apis", token: token);
        var (openapi, _, _) = await RawAsync(api, HttpMethod.Get, "/openapi/v3", token: token);

        Assert.Equal($"deployments.apps \"web\" is forbidden: User \"{User}\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"shop\"", main.Message);
        Assert.Equal((200, 200), (discovery, openapi));
        Assert.Contains(groups!["groups"]!.AsArray(), g => (string?)g!["name"] == "rbac.authorization.k8s.io");
    }

    [Fact(Timeout = 20_000)]
    public async Task RoleRef_CannotChange_AndBindingsAreValidated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        using var admin = Client(api);
        var binding = await RoleBindingAsync(admin, "shop", "b", "ClusterRole", "view", ServiceAccount("syncer", "syncer-system"));
        binding.RoleRef.Name = "edit";

        var changed = await StatusOfAsync(() => admin.RbacAuthorizationV1.ReplaceNamespacedRoleBindingAsync(binding, "b", "shop", cancellationToken: ct));
        var noNamespace = await StatusOfAsync(() => ClusterRoleBindingAsync(admin, "c", "view", ServiceAccount("syncer", null)));
        var noVerbs = await StatusOfAsync(() => ClusterRoleAsync(admin, "r", new V1PolicyRule { ApiGroups = [""], Resources = ["secrets"] }));

        Assert.Equal(422, changed.Code);
        Assert.Contains("roleRef: Invalid value: ", changed.Message, StringComparison.Ordinal);
        Assert.EndsWith(": cannot change roleRef", changed.Message, StringComparison.Ordinal);
        Assert.Equal("ClusterRoleBinding.rbac.authorization.k8s.io \"c\" is invalid: subjects[0].namespace: Required value", noNamespace.Message);
        Assert.Equal("ClusterRole.rbac.authorization.k8s.io \"r\" is invalid: rules[0].verbs: Required value: verbs must contain at least one value", noVerbs.Message);
    }

    [Fact(Timeout = 20_000)]
    public async Task TheAdminMayDoAnything_AndTheBootstrapRolesAreThere()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        using var admin = Client(api);

        var roles = await admin.RbacAuthorizationV1.ListClusterRoleAsync(cancellationToken: ct);
        var adminBinding = await admin.RbacAuthorizationV1.ReadClusterRoleBindingAsync("cluster-admin", cancellationToken: ct);
        await admin.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: ct);

        Assert.Superset(new HashSet<string> { "cluster-admin", "system:auth-delegator", "system:basic-user", "system:discovery", "system:public-info-viewer" },
            roles.Items.Select(r => r.Metadata.Name).ToHashSet());
        Assert.Equal(("Group", "system:masters"), (adminBinding.Subjects[0].Kind, adminBinding.Subjects[0].Name));
    }
}
