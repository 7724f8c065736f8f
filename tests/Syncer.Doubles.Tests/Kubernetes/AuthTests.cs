using k8s;
using Syncer.Doubles.Kubernetes;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

public sealed class AuthTests
{
    [Theory(Timeout = 10_000)]
    [InlineData("")]
    [InlineData("unknown-token")]
    public async Task Request_WithoutAKnownToken_Answers401(string token)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var (code, body, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets", token: token);

        Assert.Equal(401, code);
        Assert.Equal("Unauthorized", (string?)body!["reason"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task LimitedToken_DeniedVerb_Answers403WithTheRbacMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        api.AddToken("reader", "system:serviceaccount:syncer:syncer", new AccessRule(["list", "watch"], ["secrets"], ["ns"]));
        var client = Client(api, "reader");

        var listed = await client.CoreV1.ListNamespacedSecretAsync("ns", cancellationToken: ct);
        var get = await StatusOfAsync(() => client.CoreV1.ReadNamespacedSecretAsync("x", "ns", cancellationToken: ct));
        var otherNs = await StatusOfAsync(() => client.CoreV1.ListNamespacedSecretAsync("default", cancellationToken: ct));
        var apps = await StatusOfAsync(() => client.AppsV1.ListNamespacedDeploymentAsync("ns", cancellationToken: ct));

        Assert.Empty(listed.Items);
        Assert.Equal((403, "Forbidden"), (get.Code, get.Reason));
        Assert.Equal("secrets \"x\" is forbidden: User \"system:serviceaccount:syncer:syncer\" cannot get resource \"secrets\" in API group \"\" in the namespace \"ns\"", get.Message);
        Assert.Equal("secrets is forbidden: User \"system:serviceaccount:syncer:syncer\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\"", otherNs.Message);
        Assert.Equal("deployments.apps is forbidden: User \"system:serviceaccount:syncer:syncer\" cannot list resource \"deployments\" in API group \"apps\" in the namespace \"ns\"", apps.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task NamespaceLimitedToken_ListingAllNamespaces_IsForbiddenAtClusterScope()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        api.AddToken("reader", new AccessRule(["*"], ["*"], ["ns"]));

        var status = await StatusOfAsync(() => Client(api, "reader").CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: ct));

        Assert.EndsWith("cannot list resource \"secrets\" in API group \"\" at the cluster scope", status.Message, StringComparison.Ordinal);
    }
}
