using static Syncer.Doubles.Tests.Kubernetes.Auth.Rbac;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes.Auth;

/// <summary>
/// The real kubectl: `create token` and `auth can-i` send protobuf bodies (TokenRequest, SelfSubjectAccessReview,
/// SelfSubjectRulesReview, SelfSubjectReview), `--as` impersonates (allowed to the admin only), and what they
/// print is what a cluster's RBAC says.
/// </summary>
public sealed class KubectlAuthTests
{
    private const string As = "system:serviceaccount:syncer-system:syncer";

    [Fact(Timeout = 60_000)]
    public async Task CreateToken_GivesATokenWithTheAudienceAsked_ThatTheApiServerTakesOnlyWithItsOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await Rbac.StartAsync();
        using var kubectl = new Kubectl(api);
        await kubectl.RunAsync(ct, "create", "serviceaccount", "syncer", "-n", "syncer-system");

        var (code, vault) = await kubectl.RunAsync(ct, "create", "token", "syncer", "-n", "syncer-system", "--audience", "vault", "--duration", "1h");
        var (_, own) = await kubectl.RunAsync(ct, "create", "token", "syncer", "-n", "syncer-system");
        var (tooShort, message) = await kubectl.RunAsync(ct, "create", "token", "syncer", "-n", "syncer-system", "--duration", "5m");

        Assert.Equal(0, code);
        Assert.Equal(401, (await RawAsync(api, HttpMethod.Get, "/api", token: vault.Trim())).Status);
        Assert.Equal(200, (await RawAsync(api, HttpMethod.Get, "/api", token: own.Trim())).Status);
        Assert.NotEqual(0, tooShort);
        Assert.Contains("may not specify a duration less than 10 minutes", message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task AuthCanI_AsAServiceAccount_AnswersWhatItsBindingsGrant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await Rbac.StartAsync();
        using var admin = Client(api);
        await ServiceAccountTokenAsync(admin, "syncer-system", "syncer");
        await ClusterRoleAsync(admin, "reader", Rule(["get", "list", "watch"], ["secrets"]));
        await RoleBindingAsync(admin, "shop", "reader", "ClusterRole", "reader", ServiceAccount("syncer", "syncer-system"));
        await RoleAsync(admin, "syncer-system", "self", Rule(["get"], ["secrets"], names: ["syncer-hmac-key"]));
        await RoleBindingAsync(admin, "syncer-system", "self", "Role", "self", ServiceAccount("syncer", "syncer-system"));
        using var kubectl = new Kubectl(api);

        async Task<string> CanI(params string[] args) => (await kubectl.RunAsync(ct, ["auth", "can-i", .. args, "--as", As])).Output.Trim();

        Assert.Equal("yes", await CanI("get", "secrets", "-n", "shop"));
        Assert.Equal("no", await CanI("patch", "secrets", "-n", "shop"));
        Assert.Equal("no", await CanI("get", "secrets", "-n", "other"));
        Assert.Equal("no", await CanI("list", "secrets", "-A"));
        Assert.Equal("yes", await CanI("get", "secrets/syncer-hmac-key", "-n", "syncer-system"));
        Assert.Equal("no", await CanI("get", "secrets/other", "-n", "syncer-system"));
        Assert.Equal("yes", (await kubectl.RunAsync(ct, "auth", "can-i", "delete", "secrets", "-A")).Output.Trim()); // the admin
    }

    [Fact(Timeout = 60_000)]
    public async Task AuthCanIList_PrintsTheRulesOfTheNamespace_AndWhoamiTheUser()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await Rbac.StartAsync();
        using var admin = Client(api);
        var token = await ServiceAccountTokenAsync(admin, "syncer-system", "syncer");
        await RoleAsync(admin, "syncer-system", "self", Rule(["get", "update"], ["leases"], "coordination.k8s.io", ["syncer-leader"]));
        await RoleBindingAsync(admin, "syncer-system", "self", "Role", "self", ServiceAccount("syncer", "syncer-system"));
        using var kubectl = new Kubectl(api);
        using var asSyncer = new Kubectl(api, token);

        var (code, list) = await kubectl.RunAsync(ct, "auth", "can-i", "--list", "-n", "syncer-system", "--as", As);
        var (_, shop) = await kubectl.RunAsync(ct, "auth", "can-i", "--list", "-n", "shop", "--as", As);
        var (_, whoami) = await asSyncer.RunAsync(ct, "auth", "whoami");
        var (_, impersonated) = await kubectl.RunAsync(ct, "auth", "whoami", "--as", As);

        Assert.Equal(0, code);
        Assert.Contains(list.Split('\n'), l => l.StartsWith("leases.coordination.k8s.io", StringComparison.Ordinal) && l.Contains("[syncer-leader]", StringComparison.Ordinal) && l.Contains("[get update]", StringComparison.Ordinal));
        Assert.Contains(list.Split('\n'), l => l.StartsWith("selfsubjectaccessreviews.authorization.k8s.io", StringComparison.Ordinal));
        Assert.DoesNotContain("leases", shop, StringComparison.Ordinal);
        Assert.Contains(As, whoami, StringComparison.Ordinal);
        Assert.Contains("system:serviceaccounts:syncer-system", whoami, StringComparison.Ordinal);
        Assert.Contains("[system:serviceaccounts system:serviceaccounts:syncer-system system:authenticated]", impersonated, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Impersonation_IsForThoseAllowedToImpersonate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await Rbac.StartAsync();
        using var admin = Client(api);
        var token = await ServiceAccountTokenAsync(admin, "syncer-system", "syncer");
        using var asSyncer = new Kubectl(api, token);

        // get --raw: no discovery first (a forbidden discovery prints only "Forbidden: unknown", as against a cluster).
        var (code, output) = await asSyncer.RunAsync(ct, "get", "--raw", "/api/v1/namespaces/shop/secrets", "--as", "system:serviceaccount:shop:app");

        Assert.NotEqual(0, code);
        Assert.True(output.Contains($"serviceaccounts \"app\" is forbidden: User \"{As}\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"shop\"", StringComparison.Ordinal), output);
    }
}
