using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>The fault kinds the fault matrix and the chaos run use: a slow write, expired watches, unchanged writes.</summary>
public sealed class FaultKindsTests
{
    private static readonly V1Patch LabelX = new("""{"metadata":{"labels":{"x":"1"}}}""", V1Patch.PatchType.MergePatch);

    [Fact(Timeout = 15_000)]
    public async Task SetLatency_HoldsOnlyMatchingRequests_AndAWriteWhoseClientLeavesNeverLands()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        api.Faults.SetLatency("patch", "secrets", TimeSpan.FromHours(1));
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var held = client.CoreV1.PatchNamespacedSecretAsync(LabelX, "a", "ns", cancellationToken: leave.Token);
        await PollAsync(() => api.Requests.Count("patch", "secrets") == 1, ct);
        var during = await client.CoreV1.ReadNamespacedSecretAsync("a", "ns", cancellationToken: ct); // gets are not held
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        api.Faults.Clear();
        var after = await client.CoreV1.ReadNamespacedSecretAsync("a", "ns", cancellationToken: ct);

        Assert.Null(during.Metadata.Labels);
        Assert.Null(after.Metadata.Labels);
        Assert.Equal(during.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
    }

    [Fact(Timeout = 15_000)]
    public async Task SetLatency_ADelayedWriteLandsAfterTheWait()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        api.Faults.SetLatency("*", "secrets", TimeSpan.FromMilliseconds(200));

        var patched = await client.CoreV1.PatchNamespacedSecretAsync(LabelX, "a", "ns", cancellationToken: ct);

        Assert.Equal("1", patched.Metadata.Labels["x"]);
    }

    [Fact(Timeout = 15_000)]
    public async Task ExpireWatches_EndsWatches_AndAResumeFromAnOlderVersionGets410_ButAComponentCountedApartResumes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        var rv = (await client.CoreV1.ListNamespacedSecretAsync("ns", cancellationToken: ct)).Metadata.ResourceVersion;
        api.AddToken("component", "component", new Syncer.Doubles.RequestCounter(), new AccessRule(["list", "watch"], ["secrets"]));
        using var open = await RawWatch.OpenAsync(api, $"/api/v1/namespaces/ns/secrets?watch=true&resourceVersion={rv}");

        api.Faults.ExpireWatches();
        var ended = await open.NextAsync();
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("b"), "ns", cancellationToken: ct);
        using var resumed = await RawWatch.OpenAsync(api, $"/api/v1/namespaces/ns/secrets?watch=true&resourceVersion={rv}");
        var error = await resumed.NextAsync();
        using var component = await RawWatch.OpenAsync(api, $"/api/v1/namespaces/ns/secrets?watch=true&resourceVersion={rv}", token: "component");
        var componentEvent = await component.NextAsync();

        Assert.Null(ended);
        Assert.Equal("ERROR", (string?)error!["type"]);
        Assert.Equal(410, (int?)error["object"]!["code"]);
        Assert.Equal("Expired", (string?)error["object"]!["reason"]);
        Assert.StartsWith($"too old resource version: {rv} (", (string?)error["object"]!["message"], StringComparison.Ordinal);
        Assert.Equal(("ADDED", "b"), ((string?)componentEvent!["type"], (string?)componentEvent["object"]!["metadata"]!["name"]));
    }

    [Fact(Timeout = 15_000)]
    public async Task UnchangedWrites_CountsWritesThatKeptTheResourceVersion_NotComponentsCountedApart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        api.AddToken("component", "component", new Syncer.Doubles.RequestCounter(), new AccessRule(["patch"], ["secrets"]));
        using var componentClient = Client(api, "component");

        await client.CoreV1.PatchNamespacedSecretAsync(LabelX, "a", "ns", cancellationToken: ct);   // changes the object
        await client.CoreV1.PatchNamespacedSecretAsync(LabelX, "a", "ns", cancellationToken: ct);   // changes nothing
        await componentClient.CoreV1.PatchNamespacedSecretAsync(LabelX, "a", "ns", cancellationToken: ct);
        var secret = await client.CoreV1.ReadNamespacedSecretAsync("a", "ns", cancellationToken: ct);
        await client.CoreV1.ReplaceNamespacedSecretAsync(secret, "a", "ns", cancellationToken: ct);   // changes nothing

        Assert.Equal(1, api.UnchangedWrites.Count("patch", "secrets"));
        Assert.Equal(1, api.UnchangedWrites.Count("update", "secrets"));
        Assert.Equal(2, api.UnchangedWrites.Total);
    }
}
