using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Syncer.Doubles.Kubernetes.Controllers;
using Syncer.Tests;

namespace Syncer.Doubles.Tests.Kubernetes.Controllers;

/// <summary>The Deployment and ReplicaSet controllers, through the real KubernetesClient against the double.</summary>
public sealed class DeploymentControllerTests
{
    private const string Revision = "deployment.kubernetes.io/revision";

    [Fact(Timeout = 30_000)]
    public async Task NewDeployment_GetsOneOwnedReplicaSetWithItsHashAndRevision_AndRollsOut()
    {
        await using var cluster = await Cluster.StartAsync(TestContext.Current.CancellationToken);
        var created = await cluster.CreateAsync(Cluster.Deployment("web"));

        var d = await cluster.RolledOutAsync("web");

        var rs = Assert.Single(await cluster.ReplicaSetsAsync("web"));
        var hash = rs.Metadata.Labels["pod-template-hash"];
        Assert.Equal($"web-{hash}", rs.Metadata.Name);
        Assert.Equal(hash, rs.Spec.Selector.MatchLabels["pod-template-hash"]);
        Assert.Equal(hash, rs.Spec.Template.Metadata.Labels["pod-template-hash"]);
        var owner = Assert.Single(rs.Metadata.OwnerReferences);
        Assert.Equal((created.Metadata.Uid, "Deployment", true), (owner.Uid, owner.Kind, owner.Controller));
        Assert.Equal("1", rs.Metadata.Annotations[Revision]);
        Assert.Equal("1", d.Metadata.Annotations[Revision]);
        var pods = await cluster.PodsAsync("web");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal(("Running", rs.Metadata.Uid), (p.Status.Phase, p.Metadata.OwnerReferences.Single().Uid)));
        Assert.Equal((1L, 2, 2, 2, 2), (d.Status.ObservedGeneration!.Value, d.Status.Replicas!.Value, d.Status.UpdatedReplicas!.Value, d.Status.ReadyReplicas!.Value, d.Status.AvailableReplicas!.Value));
        Assert.Equal(["Available:True:MinimumReplicasAvailable", "Progressing:True:NewReplicaSetAvailable"], Conditions(d));
    }

    [Fact(Timeout = 30_000)]
    public async Task ImageChange_GivesExactlyOneNewReplicaSet_AndTheOldOneEndsAtZero()
    {
        await using var cluster = await Cluster.StartAsync(TestContext.Current.CancellationToken);
        await cluster.CreateAsync(Cluster.Deployment("web"));
        await cluster.RolledOutAsync("web");
        var first = Assert.Single(await cluster.ReplicaSetsAsync("web"));

        await cluster.PatchDeploymentAsync("web", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""");
        var d = await cluster.RolledOutAsync("web");

        var all = await cluster.ReplicaSetsAsync("web");
        Assert.Equal(2, all.Count);
        var second = Assert.Single(all, rs => rs.Metadata.Uid != first.Metadata.Uid);
        Assert.Equal("nginx:1.28", second.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(("2", "2"), (second.Metadata.Annotations[Revision], d.Metadata.Annotations[Revision]));
        Assert.Equal(0, all.Single(rs => rs.Metadata.Uid == first.Metadata.Uid).Spec.Replicas);
        Assert.All(await cluster.PodsAsync("web"), p => Assert.Equal("nginx:1.28", p.Spec.Containers[0].Image));
        Assert.Equal("NewReplicaSetAvailable", d.Status.Conditions.Single(c => c.Type == "Progressing").Reason);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnnotationChange_IsObserved_WithoutANewReplicaSet()
    {
        await using var cluster = await Cluster.StartAsync(TestContext.Current.CancellationToken);
        await cluster.CreateAsync(Cluster.Deployment("web"));
        await cluster.RolledOutAsync("web");

        var annotated = await cluster.PatchDeploymentAsync("web", """{"metadata":{"annotations":{"team":"shop"}}}""");
        var d = await cluster.RolledOutAsync("web");

        Assert.Equal(2, annotated.Metadata.Generation);
        Assert.Equal(2, d.Status.ObservedGeneration);
        var rs = Assert.Single(await cluster.ReplicaSetsAsync("web"));
        Assert.Equal("shop", rs.Metadata.Annotations["team"]); // copied onto the ReplicaSet, as the controller does
        Assert.Equal("1", rs.Metadata.Annotations[Revision]);
    }

    [Fact(Timeout = 30_000)]
    public async Task PausedDeployment_GetsNoReplicaSetUntilResumed_ThenExactlyOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        await cluster.CreateAsync(Cluster.Deployment("web"));
        await cluster.RolledOutAsync("web");

        await cluster.PatchDeploymentAsync("web", """{"spec":{"paused":true}}""");
        var changed = await cluster.PatchDeploymentAsync("web", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""");
        await Eventually.HoldsAsync(async () => (await Read(cluster, "web")).Status.ObservedGeneration == changed.Metadata.Generation,
            "the paused change is observed", ct, Cluster.Patience);
        var paused = await Read(cluster, "web");
        var whilePaused = await cluster.ReplicaSetsAsync("web");

        await cluster.PatchDeploymentAsync("web", """{"spec":{"paused":false}}""");
        var d = await cluster.RolledOutAsync("web");

        Assert.Single(whilePaused);
        Assert.Contains("Progressing:Unknown:DeploymentPaused", Conditions(paused));
        Assert.Equal(2, (await cluster.ReplicaSetsAsync("web")).Count);
        Assert.Equal("2", d.Metadata.Annotations[Revision]);
    }

    [Fact(Timeout = 30_000)]
    public async Task TemplateSeenBefore_ReusesItsReplicaSetWithTheNextRevision()
    {
        await using var cluster = await Cluster.StartAsync(TestContext.Current.CancellationToken);
        await cluster.CreateAsync(Cluster.Deployment("web"));
        await cluster.RolledOutAsync("web");
        var image = """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"IMAGE"}]}}}}""";
        await cluster.PatchDeploymentAsync("web", image.Replace("IMAGE", "nginx:1.28", StringComparison.Ordinal));
        await cluster.RolledOutAsync("web");

        await cluster.PatchDeploymentAsync("web", image.Replace("IMAGE", "nginx:1.27", StringComparison.Ordinal));
        var d = await cluster.RolledOutAsync("web");

        var all = await cluster.ReplicaSetsAsync("web");
        Assert.Equal(2, all.Count);
        var reused = Assert.Single(all, rs => rs.Spec.Replicas == 2);
        Assert.Equal("nginx:1.27", reused.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(("3", "1"), (reused.Metadata.Annotations[Revision], reused.Metadata.Annotations["deployment.kubernetes.io/revision-history"]));
        Assert.Equal("3", d.Metadata.Annotations[Revision]);
    }

    [Fact(Timeout = 30_000)]
    public async Task ScaleChange_ResizesTheReplicaSet_WithoutANewOne()
    {
        await using var cluster = await Cluster.StartAsync(TestContext.Current.CancellationToken);
        await cluster.CreateAsync(Cluster.Deployment("web"));
        await cluster.RolledOutAsync("web");

        await cluster.PatchDeploymentAsync("web", """{"spec":{"replicas":4}}""");
        await cluster.RolledOutAsync("web");
        var up = (await cluster.PodsAsync("web")).Count;
        await cluster.PatchDeploymentAsync("web", """{"spec":{"replicas":1}}""");
        var d = await cluster.RolledOutAsync("web");

        var rs = Assert.Single(await cluster.ReplicaSetsAsync("web"));
        Assert.Equal((4, 1, 1), (up, rs.Spec.Replicas, d.Status.Replicas));
        await Eventually.HoldsAsync(async () => (await cluster.PodsAsync("web")).Count == 1, "surplus pods are deleted", TestContext.Current.CancellationToken, Cluster.Patience);
    }

    [Fact(Timeout = 30_000)]
    public async Task RollingUpdate_StaysWithinSurgeAndUnavailability()
    {
        await using var cluster = await Cluster.StartAsync(TestContext.Current.CancellationToken);
        var web = Cluster.Deployment("web", replicas: 4);
        web.Spec.Strategy = new V1DeploymentStrategy
        {
            Type = "RollingUpdate",
            RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "1", MaxUnavailable = "0" },
        };
        await cluster.CreateAsync(web);
        await cluster.RolledOutAsync("web");
        await using var timeline = await Timeline.PodsAsync(cluster, TestContext.Current.CancellationToken);

        await cluster.PatchDeploymentAsync("web", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""");
        await cluster.RolledOutAsync("web");
        var states = await timeline.StopAsync();

        Assert.Contains(states, s => s.Any(p => p.Spec.Containers[0].Image == "nginx:1.28"));
        Assert.All(states, s => Assert.InRange(s.Count, 4, 5)); // maxSurge 1
        Assert.All(states, s => Assert.True(s.Count(Timeline.Ready) >= 4, "a ready pod went before its successor was ready")); // maxUnavailable 0
    }

    [Fact(Timeout = 30_000)]
    public async Task RecreateStrategy_StopsOldPodsBeforeStartingNewOnes()
    {
        await using var cluster = await Cluster.StartAsync(TestContext.Current.CancellationToken);
        var recreate = Cluster.Deployment("web");
        recreate.Spec.Strategy = new V1DeploymentStrategy { Type = "Recreate" };
        await cluster.CreateAsync(recreate);
        await cluster.RolledOutAsync("web");
        await using var pods = await Timeline.PodsAsync(cluster, TestContext.Current.CancellationToken);
        await using var replicaSets = await Timeline.ReplicaSetsAsync(cluster, TestContext.Current.CancellationToken);

        await cluster.PatchDeploymentAsync("web", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""");
        await cluster.RolledOutAsync("web");
        var podStates = await pods.StopAsync();
        var replicaSetStates = await replicaSets.StopAsync();

        Assert.Contains(podStates, s => s.Count == 0);
        Assert.All(podStates, s => Assert.True(s.Select(p => p.Spec.Containers[0].Image).Distinct().Count() <= 1, "old and new pods ran at the same time"));
        string Image(V1ReplicaSet rs) => rs.Spec.Template.Spec.Containers[0].Image;
        Assert.All(replicaSetStates, s => Assert.False(
            s.Any(rs => Image(rs) == "nginx:1.28" && rs.Spec.Replicas > 0) && s.Any(rs => Image(rs) == "nginx:1.27" && rs.Status?.Replicas > 0),
            "the new ReplicaSet was sized before the old one reported its pods gone"));
        Assert.Equal(2, (await cluster.ReplicaSetsAsync("web")).Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeletedPod_IsReplacedByItsReplicaSet()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        await cluster.CreateAsync(Cluster.Deployment("web"));
        await cluster.RolledOutAsync("web");
        var victim = (await cluster.PodsAsync("web"))[0];

        await cluster.Client.CoreV1.DeleteNamespacedPodAsync(victim.Metadata.Name, Cluster.Ns, cancellationToken: ct);

        await Eventually.HoldsAsync(async () =>
        {
            var pods = await cluster.PodsAsync("web");
            return pods.Count == 2 && pods.All(p => p.Metadata.Uid != victim.Metadata.Uid && p.Status.Phase == "Running");
        }, "a new pod takes the deleted one's place", ct, Cluster.Patience);
        Assert.Single(await cluster.ReplicaSetsAsync("web"));
    }

    [Fact(Timeout = 30_000)]
    public async Task DeletedDeployment_TakesItsReplicaSetsAndPodsWithIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        await cluster.CreateAsync(Cluster.Deployment("web"));
        await cluster.RolledOutAsync("web");

        await cluster.Client.AppsV1.DeleteNamespacedDeploymentAsync("web", Cluster.Ns, cancellationToken: ct);

        await Eventually.HoldsAsync(async () => (await cluster.ReplicaSetsAsync("web")).Count == 0 && (await cluster.PodsAsync("web")).Count == 0,
            "the garbage collector deletes the dependents", ct, Cluster.Patience);
    }

    [Fact(Timeout = 30_000)]
    public async Task ControllersOwnRequests_AreCountedApartFromTheDoubles()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(ct);
        cluster.Api.Requests.Reset();

        await cluster.CreateAsync(Cluster.Deployment("web"));
        await cluster.RolledOutAsync("web");

        Assert.Equal(1, cluster.Api.Requests.Count("create", "deployments"));
        Assert.Equal(0, cluster.Api.Requests.CountWhere((_, resource) => resource is "replicasets" or "pods" or "pods/status" or "deployments/status"));
        Assert.Equal(1, cluster.Controllers.Requests.Count("create", "replicasets"));
        Assert.Equal(2, cluster.Controllers.Requests.Count("create", "pods"));
        Assert.True(cluster.Controllers.Requests.Count("update", "deployments/status") >= 1);
    }

    internal static Task<V1Deployment> Read(Cluster cluster, string name) =>
        cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(name, Cluster.Ns, cancellationToken: TestContext.Current.CancellationToken);

    internal static IEnumerable<string> Conditions(V1Deployment d) => d.Status.Conditions.Select(c => $"{c.Type}:{c.Status}:{c.Reason}");
}
