using k8s;
using k8s.Models;
using Syncer.Tests;

namespace Syncer.Doubles.Tests.Kubernetes.Controllers;

/// <summary>The DaemonSet controller on the one node: its pod, RollingUpdate and OnDelete.</summary>
public sealed class DaemonSetControllerTests
{
    private const string ImagePatch = """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""";

    [Fact(Timeout = 30_000)]
    public async Task NewDaemonSet_RunsOnePodOnTheNode_AndReportsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("agent", "RollingUpdate"), Cluster.Ns, cancellationToken: ct);

        var ds = await SettledAsync(cluster, "agent", s => s.Status.NumberReady == 1);

        var pod = Assert.Single(await cluster.PodsAsync("agent"));
        Assert.Equal(cluster.Controllers.Options.NodeName, pod.Spec.NodeName);
        var revision = Assert.Single((await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync(Cluster.Ns, cancellationToken: ct)).Items);
        Assert.Equal($"agent-{pod.Metadata.Labels["controller-revision-hash"]}", revision.Metadata.Name);
        Assert.Equal((1L, 1, 1, 1, 1, 1), (ds.Status.ObservedGeneration!.Value, ds.Status.DesiredNumberScheduled, ds.Status.CurrentNumberScheduled,
            ds.Status.NumberReady, ds.Status.NumberAvailable!.Value, ds.Status.UpdatedNumberScheduled!.Value));
        Assert.Null(ds.Status.NumberUnavailable);
    }

    [Fact(Timeout = 30_000)]
    public async Task ImageChange_WithRollingUpdate_ReplacesThePod()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("agent", "RollingUpdate"), Cluster.Ns, cancellationToken: ct);
        await SettledAsync(cluster, "agent", s => s.Status.NumberReady == 1);
        var before = Assert.Single(await cluster.PodsAsync("agent"));

        await cluster.Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch(ImagePatch, V1Patch.PatchType.MergePatch), "agent", Cluster.Ns, cancellationToken: ct);
        var ds = await SettledAsync(cluster, "agent", s => s.Status.ObservedGeneration == 2 && s.Status.UpdatedNumberScheduled == 1 && s.Status.NumberAvailable == 1);

        var after = Assert.Single(await cluster.PodsAsync("agent"));
        Assert.NotEqual(before.Metadata.Uid, after.Metadata.Uid);
        Assert.Equal("nginx:1.28", after.Spec.Containers[0].Image);
        Assert.NotEqual(before.Metadata.Labels["controller-revision-hash"], after.Metadata.Labels["controller-revision-hash"]);
        Assert.Equal(1, ds.Status.NumberReady);
    }

    [Fact(Timeout = 30_000)]
    public async Task ImageChange_WithOnDelete_KeepsThePodUntilItIsDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("agent", "OnDelete"), Cluster.Ns, cancellationToken: ct);
        await SettledAsync(cluster, "agent", s => s.Status.NumberReady == 1);
        var before = Assert.Single(await cluster.PodsAsync("agent"));

        await cluster.Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch(ImagePatch, V1Patch.PatchType.MergePatch), "agent", Cluster.Ns, cancellationToken: ct);
        var observed = await SettledAsync(cluster, "agent", s => s.Status.ObservedGeneration == 2);
        var kept = Assert.Single(await cluster.PodsAsync("agent"));
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync(kept.Metadata.Name, Cluster.Ns, cancellationToken: ct);
        await SettledAsync(cluster, "agent", s => s.Status.UpdatedNumberScheduled == 1 && s.Status.NumberReady == 1);

        Assert.Equal(before.Metadata.Uid, kept.Metadata.Uid);
        Assert.Null(observed.Status.UpdatedNumberScheduled);
        Assert.Equal("nginx:1.28", Assert.Single(await cluster.PodsAsync("agent")).Spec.Containers[0].Image);
    }

    internal static V1DaemonSet DaemonSet(string name, string strategy) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Cluster.Template(name, "nginx:1.27"),
            UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = strategy },
        },
    };

    private static async Task<V1DaemonSet> SettledAsync(Cluster cluster, string name, Func<V1DaemonSet, bool> done)
    {
        V1DaemonSet ds = null!;
        await Eventually.HoldsAsync(async () =>
        {
            ds = await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync(name, Cluster.Ns, cancellationToken: TestContext.Current.CancellationToken);
            return ds.Status is not null && done(ds);
        }, $"daemonset {name} settles", TestContext.Current.CancellationToken, Cluster.Patience);
        return ds;
    }
}
