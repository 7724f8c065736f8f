using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

public sealed class DiscoveryAndHooksTests
{
    [Fact(Timeout = 10_000)]
    public async Task Discovery_ListsResourcesWithVerbsKindsAndShortNames()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);

        var core = await client.CoreV1.GetAPIResourcesAsync(cancellationToken: ct);
        var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken: ct);
        var apps = await client.AppsV1.GetAPIResourcesAsync(cancellationToken: ct);
        var version = await client.Version.GetCodeAsync(cancellationToken: ct);

        var secrets = Assert.Single(core.Resources, r => r.Name == "secrets");
        Assert.Equal(("Secret", true), (secrets.Kind, secrets.Namespaced));
        Assert.Contains("watch", secrets.Verbs);
        Assert.False(Assert.Single(core.Resources, r => r.Name == "namespaces").Namespaced);
        Assert.Equal(
            ["apiextensions.k8s.io", "apps", "authentication.k8s.io", "authorization.k8s.io", "coordination.k8s.io", "events.k8s.io", "networking.k8s.io", "policy", "rbac.authorization.k8s.io"],
            groups.Groups.Select(g => g.Name).Order());
        Assert.Contains(apps.Resources, r => r.Name == "deployments" && r.ShortNames.Contains("deploy"));
        Assert.Equal("1", version.Major);
    }

    [Fact(Timeout = 10_000)]
    public async Task Requests_AreCountedByVerbAndResource()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);

        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        await client.CoreV1.ReadNamespacedSecretAsync("a", "ns", cancellationToken: ct);
        await client.CoreV1.ListNamespacedSecretAsync("ns", cancellationToken: ct);
        await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct);
        await client.CoreV1.DeleteNamespacedSecretAsync("a", "ns", cancellationToken: ct);

        Assert.Equal([1L, 1, 1, 1, 1], new[] { "create", "get", "list", "patch", "delete" }.Select(v => api.Requests.Count(v, "secrets")));
        Assert.Equal(5, api.Requests.Total);
    }

    [Fact(Timeout = 10_000)]
    public async Task Faults_ErrorRateOne_FailsEveryMatchingRequest_AndClearRestores()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        api.Faults.SetErrorRate("list", "secrets", 1.0, 503);

        var status = await StatusOfAsync(() => client.CoreV1.ListNamespacedSecretAsync("ns", cancellationToken: ct));
        await client.CoreV1.ListNamespacedConfigMapAsync("ns", cancellationToken: ct);
        api.Faults.Clear();
        await client.CoreV1.ListNamespacedSecretAsync("ns", cancellationToken: ct);

        Assert.Equal(503, status.Code);
    }

    [Fact(Timeout = 10_000)]
    public async Task Faults_ForcedConflicts_FailTheNextWritesThenPass()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        api.Faults.ForceConflicts("secrets", 2);
        var patch = new V1Patch("""{"metadata":{"labels":{"x":"1"}}}""", V1Patch.PatchType.MergePatch);

        var first = await StatusOfAsync(() => client.CoreV1.PatchNamespacedSecretAsync(patch, "a", "ns", cancellationToken: ct));
        var second = await StatusOfAsync(() => client.CoreV1.PatchNamespacedSecretAsync(patch, "a", "ns", cancellationToken: ct));
        var third = await client.CoreV1.PatchNamespacedSecretAsync(patch, "a", "ns", cancellationToken: ct);

        Assert.Equal((409, 409), (first.Code, second.Code));
        Assert.Equal("1", third.Metadata.Labels["x"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task Faults_Latency_DelaysRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        api.Faults.Latency = TimeSpan.FromMilliseconds(300);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Client(api).CoreV1.ListNamespacedSecretAsync("ns", cancellationToken: ct);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
    }

    [Fact(Timeout = 10_000)]
    public async Task WriteKubeconfig_IsUsableByBuildConfigFromConfigFile()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var path = api.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}"));
        try
        {
            var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));

            var namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: ct);

            Assert.Contains("default", namespaces.Items.Select(n => n.Metadata.Name));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
