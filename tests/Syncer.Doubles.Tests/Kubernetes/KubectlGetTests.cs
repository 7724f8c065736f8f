using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>What the real kubectl 1.32 prints from the double's server-side Tables (skipped without kubectl).</summary>
public sealed class KubectlGetTests
{
    [Fact(Timeout = 30_000)]
    public async Task GetEvents_ShowsTypeReasonObjectAndMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        await Client(api).CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "db.1" },
            InvolvedObject = new V1ObjectReference { Kind = "Secret", Name = "db", NamespaceProperty = "default" },
            Reason = "SyncFailed",
            Message = "Vault answered 403 for secret/shop/db",
            Type = "Warning",
            Source = new V1EventSource { Component = "syncer" },
            FirstTimestamp = DateTime.UtcNow,
            LastTimestamp = DateTime.UtcNow,
            Count = 1,
        }, "default", cancellationToken: ct);

        var get = await kubectl.RunAsync(ct, "get", "events");

        Assert.True(get.Code == 0, get.Output);
        Assert.Matches(Line(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE"), get.Output);
        Assert.Matches(Line(@"\S+\s+Warning\s+SyncFailed\s+secret/db\s+Vault answered 403 for secret/shop/db"), get.Output);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetSecrets_ShowsTypeAndData_AlsoAcrossNamespaces()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("db", ("user", "u"), ("password", "p")), "default", cancellationToken: ct);

        var get = await kubectl.RunAsync(ct, "get", "secrets");
        var all = await kubectl.RunAsync(ct, "get", "secrets", "--all-namespaces");

        Assert.True(get.Code == 0, get.Output);
        Assert.Matches(Line(@"NAME\s+TYPE\s+DATA\s+AGE"), get.Output);
        Assert.Matches(Line(@"db\s+Opaque\s+2\s+\d+s"), get.Output);
        Assert.Matches(Line(@"default\s+db\s+Opaque\s+2\s+\d+s"), all.Output);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetDeploy_ShowsReadyUpToDateAndAvailable()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        var client = Client(api);
        var web = Deployment("web");
        web.Spec.Replicas = 3;
        await client.AppsV1.CreateNamespacedDeploymentAsync(web, "default", cancellationToken: ct);
        await client.AppsV1.PatchNamespacedDeploymentStatusAsync(new V1Patch("""{"status":{"replicas":3,"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}""", V1Patch.PatchType.MergePatch), "web", "default", cancellationToken: ct);

        var get = await kubectl.RunAsync(ct, "get", "deploy");
        var wide = await kubectl.RunAsync(ct, "get", "deploy", "-o", "wide");

        Assert.True(get.Code == 0, get.Output);
        Assert.Matches(Line(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE"), get.Output);
        Assert.Matches(Line(@"web\s+2/3\s+3\s+2\s+\d+s"), get.Output);
        Assert.Matches(Line(@"web\s+2/3\s+3\s+2\s+\d+s\s+app\s+nginx\s+app=web"), wide.Output);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetWatch_PrintsARowPerEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("first"), "default", cancellationToken: ct);

        using var watch = kubectl.Start(out var output, "get", "secrets", "--watch", "--output-watch-events");
        string Text() { lock (output) { return output.ToString(); } }
        try
        {
            await PollAsync(() => api.Requests.Count("watch", "secrets") > 0, ct);
            await client.CoreV1.CreateNamespacedSecretAsync(Secret("second", ("k", "v")), "default", cancellationToken: ct);
            await client.CoreV1.DeleteNamespacedSecretAsync("second", "default", cancellationToken: ct);
            await PollAsync(() => Regex.IsMatch(Text(), Line(@"DELETED\s+second\s+Opaque\s+1\s+\S+")), ct);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
        }

        Assert.Matches(Line(@"EVENT\s+NAME\s+TYPE\s+DATA\s+AGE"), Text());
        Assert.Matches(Line(@"ADDED\s+first\s+Opaque\s+0\s+\S+"), Text());
        Assert.Matches(Line(@"ADDED\s+second\s+Opaque\s+1\s+\S+"), Text());
    }

    /// <summary>A whole output line (multiline regex).</summary>
    private static string Line(string pattern) => $"(?m)^{pattern}\\s*$";
}
