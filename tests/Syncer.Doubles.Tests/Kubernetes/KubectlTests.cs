using System.Text;
using k8s;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>The real kubectl 1.32 against the double (skipped where kubectl is not installed).</summary>
public sealed class KubectlTests
{
    private const string DeploymentYaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: app
                image: nginx
                env: [{name: A, value: "1"}]
        """;

    [Fact(Timeout = 30_000)]
    public async Task CreateThenApply_FromYaml_CreatesAndUpdatesWithLastAppliedConfiguration()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        var file = kubectl.WriteFile("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s1\nstringData:\n  user: bob\n");

        var created = await kubectl.RunAsync(ct, "create", "-f", file);
        kubectl.WriteFile("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s1\nstringData:\n  user: alice\n");
        var applied = await kubectl.RunAsync(ct, "apply", "-f", file);
        var got = await kubectl.RunAsync(ct, "get", "secrets", "-o", "name");

        Assert.Equal(0, created.Code);
        Assert.Equal(0, applied.Code);
        Assert.Contains("secret/s1", got.Output, StringComparison.Ordinal);
        var secret = await Client(api).CoreV1.ReadNamespacedSecretAsync("s1", "default", cancellationToken: ct);
        Assert.Equal("alice", Encoding.UTF8.GetString(secret.Data["user"]));
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", secret.Metadata.Annotations.Keys);
    }

    [Fact(Timeout = 30_000)]
    public async Task Apply_Twice_MergesContainerListsStrategically()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        var file = kubectl.WriteFile("web.yaml", DeploymentYaml);
        await kubectl.RunAsync(ct, "apply", "-f", file);
        kubectl.WriteFile("web.yaml", DeploymentYaml.Replace("image: nginx", "image: nginx:2", StringComparison.Ordinal));

        var applied = await kubectl.RunAsync(ct, "apply", "-f", file);

        Assert.Equal(0, applied.Code);
        var web = await Client(api).AppsV1.ReadNamespacedDeploymentAsync("web", "default", cancellationToken: ct);
        Assert.Equal("nginx:2", Assert.Single(web.Spec.Template.Spec.Containers).Image);
        Assert.Equal(2, web.Metadata.Generation);
    }

    [Fact(Timeout = 30_000)]
    public async Task LabelAnnotateAndPatchOfEachType_ChangeTheDeployment()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        await kubectl.RunAsync(ct, "apply", "-f", kubectl.WriteFile("web.yaml", DeploymentYaml));

        var results = new[]
        {
            await kubectl.RunAsync(ct, "label", "deployment", "web", "tier=front"),
            await kubectl.RunAsync(ct, "annotate", "deployment", "web", "note=hi"),
            await kubectl.RunAsync(ct, "patch", "deployment", "web", "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]"),
            await kubectl.RunAsync(ct, "patch", "deployment", "web", "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"merged\":\"yes\"}}}"),
            await kubectl.RunAsync(ct, "patch", "deployment", "web", "--type=strategic", "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"env\":[{\"name\":\"B\",\"value\":\"2\"}]}]}}}}"),
        };

        Assert.All(results, r => Assert.True(r.Code == 0, r.Output));
        Assert.Equal(3, api.Requests.Count("patch", "deployments") - 2);
        var web = await Client(api).AppsV1.ReadNamespacedDeploymentAsync("web", "default", cancellationToken: ct);
        Assert.Equal(("front", "yes", "hi"), (web.Metadata.Labels["tier"], web.Metadata.Labels["merged"], web.Metadata.Annotations["note"]));
        Assert.Equal(3, web.Spec.Replicas);
        Assert.Equal(["A", "B"], web.Spec.Template.Spec.Containers[0].Env.Select(e => e.Name));
    }

    [Fact(Timeout = 30_000)]
    public async Task RolloutRestart_SetsRestartedAtAndBumpsGeneration()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        await kubectl.RunAsync(ct, "apply", "-f", kubectl.WriteFile("web.yaml", DeploymentYaml));

        var restart = await kubectl.RunAsync(ct, "rollout", "restart", "deployment/web");

        Assert.True(restart.Code == 0, restart.Output);
        var web = await Client(api).AppsV1.ReadNamespacedDeploymentAsync("web", "default", cancellationToken: ct);
        Assert.True(DateTimeOffset.TryParse(web.Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(2, web.Metadata.Generation);
        Assert.Equal(1, api.Requests.Count("patch", "deployments"));
    }

    [Fact(Timeout = 30_000)]
    public async Task GetWatch_PrintsExistingThenNewSecrets()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("first"), "default", cancellationToken: ct);

        using var watch = kubectl.Start(out var output, "get", "secrets", "-w");
        try
        {
            await PollAsync(() => api.Requests.Count("watch", "secrets") > 0, ct);
            await client.CoreV1.CreateNamespacedSecretAsync(Secret("second"), "default", cancellationToken: ct);
            await PollAsync(() => { lock (output) { return output.ToString().Contains("second", StringComparison.Ordinal); } }, ct);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
        }

        lock (output)
        {
            Assert.Contains("first", output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Delete_RemovesTheSecret()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("gone"), "default", cancellationToken: ct);

        var deleted = await kubectl.RunAsync(ct, "delete", "secret", "gone");
        var get = await kubectl.RunAsync(ct, "get", "secret", "gone");

        Assert.True(deleted.Code == 0, deleted.Output);
        Assert.Contains("secret \"gone\" deleted", deleted.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, get.Code);
        Assert.Contains("secrets \"gone\" not found", get.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_WithALimitedToken_ShowsTheForbiddenMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        api.AddToken("limited", "limited-user", new Syncer.Doubles.Kubernetes.AccessRule(["get"], ["configmaps"], ["default"]));
        using var kubectl = new Kubectl(api, "limited");

        var get = await kubectl.RunAsync(ct, "get", "secrets");

        Assert.NotEqual(0, get.Code);
        Assert.Contains("secrets is forbidden: User \"limited-user\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\"", get.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetRaw_OfAnObject_OverTlsWithTheTokenInTheKubeconfig()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("db", ("user", "bob")), "default", cancellationToken: ct);

        var raw = await kubectl.RunAsync(ct, "get", "--raw", "/api/v1/namespaces/default/secrets/db");

        Assert.True(raw.Code == 0, raw.Output);
        var secret = KubernetesJson.Deserialize<k8s.Models.V1Secret>(raw.Output);
        Assert.Equal(("Secret", "db", "bob"), (secret.Kind, secret.Metadata.Name, Encoding.UTF8.GetString(secret.Data["user"])));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("")]
    [InlineData("not-a-known-token")]
    public async Task Get_WithTheTokenRemovedOrWrong_Is401(string token)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api, token);
        // A kubeconfig user with no credentials at all makes kubectl prompt for a username; naming one (with no
        // password) skips the prompt and still sends no bearer token.
        string[] noPrompt = token.Length == 0 ? ["--username=nobody", "--password="] : [];

        var get = await kubectl.RunAsync(ct, [.. noPrompt, "get", "secrets"]);
        var raw = await kubectl.RunAsync(ct, [.. noPrompt, "get", "--raw", "/api/v1/namespaces/default/secrets"]);

        Assert.Equal(1, api.Requests.Count("list", "secrets")); // `get` stops at discovery (401 too); --raw asks the list
        Assert.NotEqual(0, get.Code);
        // The wording a real cluster gives on a fresh discovery cache (the 401 comes at discovery).
        Assert.Contains("error: You must be logged in to the server (the server has asked for the client to provide credentials)", get.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, raw.Code);
        Assert.Contains("Unauthorized", raw.Output, StringComparison.Ordinal);
    }
}
