using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Syncer.Doubles.Kubernetes.Controllers;
using Syncer.Tests;

namespace Syncer.Doubles.Tests.Kubernetes.Controllers;

/// <summary>What runs on the cluster's clock (a FakeTimeProvider here): pod start-up delays and progress deadlines.</summary>
public sealed class ClusterClockTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact(Timeout = 30_000)]
    public async Task PodReadyDelay_KeepsNewPodsCreatingUntilTheClockPassesIt_WhileOldOnesServe()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(Start);
        await using var cluster = await Cluster.StartAsync(ct, new ClusterControllersOptions { TimeProvider = clock, PodReadyDelay = TimeSpan.FromSeconds(30) });
        await cluster.CreateAsync(Cluster.Deployment("web", replicas: 1));
        await Eventually.HoldsAsync(async () => (await cluster.PodsAsync("web")).Any(Creating), "the first pod is ContainerCreating", ct, Cluster.Patience);
        clock.Advance(TimeSpan.FromSeconds(31));
        await cluster.RolledOutAsync("web");

        await cluster.PatchDeploymentAsync("web", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""");
        await Eventually.HoldsAsync(async () => (await cluster.PodsAsync("web")).Any(p => Creating(p) && p.Spec.Containers[0].Image == "nginx:1.28"),
            "the new pod is ContainerCreating", ct, Cluster.Patience);
        var during = await cluster.PodsAsync("web");
        await Eventually.HoldsAsync(async () => (await DeploymentControllerTests.Read(cluster, "web")).Status is { Replicas: 2, UpdatedReplicas: 1, AvailableReplicas: 1 },
            "the Deployment reports one old pod serving and one new pod not yet available", ct, Cluster.Patience);
        clock.Advance(TimeSpan.FromSeconds(31));
        var d = await cluster.RolledOutAsync("web");

        Assert.Equal(["nginx:1.27 Running", "nginx:1.28 Pending"], during.Select(p => $"{p.Spec.Containers[0].Image} {p.Status.Phase}").Order());
        Assert.Equal("nginx:1.28", Assert.Single(await cluster.PodsAsync("web")).Spec.Containers[0].Image);
        Assert.Equal(1, d.Status.AvailableReplicas);
    }

    [Fact(Timeout = 30_000)]
    public async Task PodsThatNeverBecomeReady_StallTheRollout_UntilProgressDeadlineExceeded()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(Start);
        var options = new ClusterControllersOptions { TimeProvider = clock, NeverReady = p => p.Spec.Containers[0].Image == "nginx:broken" };
        await using var cluster = await Cluster.StartAsync(ct, options);
        var web = Cluster.Deployment("web", replicas: 1);
        web.Spec.ProgressDeadlineSeconds = 60;
        await cluster.CreateAsync(web);
        await cluster.RolledOutAsync("web");

        await cluster.PatchDeploymentAsync("web", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:broken"}]}}}}""");
        await Eventually.HoldsAsync(async () => (await DeploymentControllerTests.Read(cluster, "web")).Status is { UpdatedReplicas: 1, Replicas: 2 },
            "the new pod runs unready beside the old one", ct, Cluster.Patience);
        var beforeDeadline = await DeploymentControllerTests.Read(cluster, "web");
        V1Deployment d = null!;
        await Eventually.HoldsAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            d = await DeploymentControllerTests.Read(cluster, "web");
            return d.Status.Conditions.Any(c => c.Reason == "ProgressDeadlineExceeded");
        }, "the deadline passes on the cluster's clock", ct, Cluster.Patience);

        Assert.DoesNotContain(beforeDeadline.Status.Conditions, c => c.Reason == "ProgressDeadlineExceeded");
        var progressing = d.Status.Conditions.Single(c => c.Type == "Progressing");
        var newRs = (await cluster.ReplicaSetsAsync("web")).Single(rs => rs.Spec.Template.Spec.Containers[0].Image == "nginx:broken");
        Assert.Equal(("False", $"ReplicaSet \"{newRs.Metadata.Name}\" has timed out progressing."), (progressing.Status, progressing.Message));
        Assert.True(progressing.LastUpdateTime >= Start.UtcDateTime.AddSeconds(60), "the condition carries the cluster's time");
        Assert.Equal(("True", 1), (d.Status.Conditions.Single(c => c.Type == "Available").Status, d.Status.AvailableReplicas));
        Assert.Equal(1, (await cluster.ReplicaSetsAsync("web")).Single(rs => rs.Metadata.Uid != newRs.Metadata.Uid).Spec.Replicas);
    }

    [Fact(Timeout = 10_000)]
    public async Task NegativePodReadyDelay_IsRefusedAtStart_NamingTheOption()
    {
        await using var api = await Syncer.Doubles.Kubernetes.KubeApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ClusterControllers.StartAsync(api,
            new ClusterControllersOptions { PodReadyDelay = TimeSpan.FromSeconds(-1) }, TestContext.Current.CancellationToken));

        Assert.Equal("PodReadyDelay", e.ParamName);
    }

    private static bool Creating(V1Pod pod) =>
        pod.Status?.Phase == "Pending" && pod.Status.ContainerStatuses?.SingleOrDefault()?.State?.Waiting?.Reason == "ContainerCreating";
}
