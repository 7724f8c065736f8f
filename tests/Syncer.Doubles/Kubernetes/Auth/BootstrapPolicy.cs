using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>
/// The default roles and bindings the API server itself creates at start (plugin/pkg/auth/authorizer/rbac/bootstrappolicy),
/// the ones a user of this sandbox meets: cluster-admin (bound to system:masters), system:discovery,
/// system:basic-user and system:public-info-viewer (bound to every authenticated user: discovery, OpenAPI and the
/// self reviews are open to all), and system:auth-delegator (TokenReview and SubjectAccessReview, for Vault's
/// Kubernetes auth). The aggregated admin/edit/view roles and the controllers' roles are not modelled.
/// </summary>
internal static class BootstrapPolicy
{
    private static readonly string[] DiscoveryUrls =
        ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"];

    public static IEnumerable<(ResourceType Type, JsonObject Object)> Objects()
    {
        yield return (ResourceCatalog.ClusterRoles, Role("cluster-admin",
            Rule(["*"], ["*"], ["*"]), NonResource(["*"], ["*"])));
        yield return (ResourceCatalog.ClusterRoles, Role("system:discovery", NonResource(["get"], DiscoveryUrls)));
        yield return (ResourceCatalog.ClusterRoles, Role("system:public-info-viewer",
            NonResource(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])));
        yield return (ResourceCatalog.ClusterRoles, Role("system:basic-user",
            Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
            Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"])));
        yield return (ResourceCatalog.ClusterRoles, Role("system:auth-delegator",
            Rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
            Rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"])));
        yield return (ResourceCatalog.ClusterRoleBindings, Binding("cluster-admin", UserInfo.Masters));
        yield return (ResourceCatalog.ClusterRoleBindings, Binding("system:discovery", UserInfo.Authenticated));
        yield return (ResourceCatalog.ClusterRoleBindings, Binding("system:basic-user", UserInfo.Authenticated));
        yield return (ResourceCatalog.ClusterRoleBindings, Binding("system:public-info-viewer", UserInfo.Authenticated, UserInfo.Unauthenticated));
    }

    private static JsonObject Role(string name, params JsonObject[] rules) => new()
    {
        ["metadata"] = Metadata(name),
        ["rules"] = new JsonArray([.. rules]),
    };

    private static JsonObject Binding(string role, params string[] groups) => new()
    {
        ["metadata"] = Metadata(role),
        ["roleRef"] = new JsonObject { ["apiGroup"] = ResourceCatalog.Rbac, ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = ResourceCatalog.Rbac, ["kind"] = "Group", ["name"] = g })]),
    };

    private static JsonObject Metadata(string name) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
        ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
    };

    private static JsonObject Rule(string[] verbs, string[] groups, string[] resources) => new()
    {
        ["verbs"] = Array(verbs),
        ["apiGroups"] = Array(groups),
        ["resources"] = Array(resources),
    };

    private static JsonObject NonResource(string[] verbs, string[] urls) => new()
    {
        ["verbs"] = Array(verbs),
        ["nonResourceURLs"] = Array(urls),
    };

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
