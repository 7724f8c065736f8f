using k8s;
using k8s.Models;
using Syncer.Tests;

namespace Syncer.Doubles.Tests.Kubernetes.Controllers;

/// <summary>The StatefulSet controller: ControllerRevisions, ordered pods, RollingUpdate and OnDelete.</summary>
public sealed class StatefulSetControllerTests
{
    private const string ImagePatch = """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""";

    [Fact(Timeout = 30_000)]
    public async Task NewStatefulSet_GetsARevisionAndOrdinalPods_AndReportsThemCurrent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        var created = await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet("db", "RollingUpdate"), Cluster.Ns, cancellationToken: ct);

        var sts = await SettledAsync(cluster, "db", s => s.Status.ReadyReplicas == 3 && s.Status.CurrentRevision == s.Status.UpdateRevision);

        var revision = Assert.Single(await RevisionsAsync(cluster));
        Assert.Equal((1L, created.Metadata.Uid), (revision.Revision!.Value, revision.Metadata.OwnerReferences.Single().Uid));
        Assert.StartsWith("db-", revision.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(revision.Metadata.Name, sts.Status.UpdateRevision);
        Assert.Equal((3, 3, 3, 3, 1L), (sts.Status.Replicas, sts.Status.CurrentReplicas!.Value, sts.Status.UpdatedReplicas!.Value, sts.Status.AvailableReplicas!.Value, sts.Status.ObservedGeneration!.Value));
        var pods = await cluster.PodsAsync("db");
        Assert.Equal(["db-0", "db-1", "db-2"], pods.Select(p => p.Metadata.Name).Order());
        Assert.All(pods, p => Assert.Equal(revision.Metadata.Name, p.Metadata.Labels["controller-revision-hash"]));
        Assert.Equal("db-1", pods.Single(p => p.Metadata.Name == "db-1").Spec.Hostname);
    }

    [Fact(Timeout = 30_000)]
    public async Task ImageChange_WithRollingUpdate_ReplacesEveryPodAndMovesCurrentToTheNewRevision()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet("db", "RollingUpdate"), Cluster.Ns, cancellationToken: ct);
        var before = await SettledAsync(cluster, "db", s => s.Status.ReadyReplicas == 3 && s.Status.CurrentRevision == s.Status.UpdateRevision);

        await cluster.Client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch(ImagePatch, V1Patch.PatchType.MergePatch), "db", Cluster.Ns, cancellationToken: ct);
        var after = await SettledAsync(cluster, "db", s => s.Status.ObservedGeneration == 2 && s.Status.UpdatedReplicas == 3
            && s.Status.ReadyReplicas == 3 && s.Status.CurrentRevision == s.Status.UpdateRevision);

        Assert.NotEqual(before.Status.UpdateRevision, after.Status.UpdateRevision);
        Assert.Equal(3, after.Status.CurrentReplicas);
        Assert.Equal([1L, 2L], (await RevisionsAsync(cluster)).Select(r => r.Revision!.Value).Order());
        Assert.All(await cluster.PodsAsync("db"), p => Assert.Equal(("nginx:1.28", after.Status.UpdateRevision), (p.Spec.Containers[0].Image, p.Metadata.Labels["controller-revision-hash"])));
    }

    [Fact(Timeout = 30_000)]
    public async Task ImageChange_WithOnDelete_MovesOnlyTheUpdateRevision_UntilAPodIsDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet("db", "OnDelete"), Cluster.Ns, cancellationToken: ct);
        var before = await SettledAsync(cluster, "db", s => s.Status.ReadyReplicas == 3);
        var podsBefore = (await cluster.PodsAsync("db")).Select(p => p.Metadata.Uid).Order().ToList();

        await cluster.Client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch(ImagePatch, V1Patch.PatchType.MergePatch), "db", Cluster.Ns, cancellationToken: ct);
        var observed = await SettledAsync(cluster, "db", s => s.Status.ObservedGeneration == 2);
        var podsAfter = (await cluster.PodsAsync("db")).Select(p => p.Metadata.Uid).Order().ToList();
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("db-2", Cluster.Ns, cancellationToken: ct);
        var replaced = await SettledAsync(cluster, "db", s => s.Status.UpdatedReplicas == 1 && s.Status.ReadyReplicas == 3);

        Assert.NotEqual(before.Status.UpdateRevision, observed.Status.UpdateRevision);
        Assert.Equal(before.Status.CurrentRevision, observed.Status.CurrentRevision);
        Assert.Null(observed.Status.UpdatedReplicas);
        Assert.Equal(podsBefore, podsAfter);
        Assert.Equal((2, before.Status.CurrentRevision), (replaced.Status.CurrentReplicas, replaced.Status.CurrentRevision));
        var db2 = (await cluster.PodsAsync("db")).Single(p => p.Metadata.Name == "db-2");
        Assert.Equal(("nginx:1.28", observed.Status.UpdateRevision), (db2.Spec.Containers[0].Image, db2.Metadata.Labels["controller-revision-hash"]));
    }

    [Fact(Timeout = 30_000)]
    public async Task ScaleDown_RemovesTheHighestOrdinals()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        await cluster.Client.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet("db", "RollingUpdate"), Cluster.Ns, cancellationToken: ct);
        await SettledAsync(cluster, "db", s => s.Status.ReadyReplicas == 3);

        await cluster.Client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), "db", Cluster.Ns, cancellationToken: ct);
        await SettledAsync(cluster, "db", s => s.Status.Replicas == 1 && s.Status.ObservedGeneration == 2);

        Assert.Equal("db-0", Assert.Single(await cluster.PodsAsync("db")).Metadata.Name);
    }

    internal static V1StatefulSet StatefulSet(string name, string strategy) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1StatefulSetSpec
        {
            Replicas = 3,
            ServiceName = name,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Cluster.Template(name, "nginx:1.27"),
            UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = strategy },
        },
    };

    private static async Task<List<V1ControllerRevision>> RevisionsAsync(Cluster cluster) =>
        [.. (await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync(Cluster.Ns, cancellationToken: TestContext.Current.CancellationToken)).Items];

    private static async Task<V1StatefulSet> SettledAsync(Cluster cluster, string name, Func<V1StatefulSet, bool> done)
    {
        V1StatefulSet sts = null!;
        await Eventually.HoldsAsync(async () =>
        {
            sts = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync(name, Cluster.Ns, cancellationToken: TestContext.Current.CancellationToken);
            return sts.Status is not null && done(sts);
        }, $"statefulset {name} settles", TestContext.Current.CancellationToken, Cluster.Patience);
        return sts;
    }
}
