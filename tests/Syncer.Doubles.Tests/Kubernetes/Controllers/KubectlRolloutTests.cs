using k8s;
using Microsoft.Extensions.Time.Testing;
using Syncer.Doubles.Kubernetes.Controllers;
using Syncer.Tests;

namespace Syncer.Doubles.Tests.Kubernetes.Controllers;

/// <summary>
/// The real kubectl's rollout commands against the double with the controllers beside it, as a user runs them
/// against the sandbox (skipped where kubectl is not installed). ReplicaSets are listed with <c>-o name</c>.
/// </summary>
public sealed class KubectlRolloutTests
{
    private const string Web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: ns}
        spec:
          replicas: 2
          progressDeadlineSeconds: 60
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: app, image: "nginx:1.27"}]}
        """;

    private const string DbAndAgent = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: ns}
        spec:
          replicas: 2
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: app, image: "postgres:16"}]}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: ns}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec: {containers: [{name: app, image: "fluent-bit:3"}]}
        """;

    [Fact(Timeout = 60_000)]
    public async Task SetImageAndRolloutRestart_EachGiveExactlyOneNewReplicaSet_AndRolloutStatusSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var cluster = await Cluster.StartAsync(ct);
        using var kubectl = new Kubectl(cluster.Api);
        await RunAsync(kubectl, "apply", "-f", kubectl.WriteFile("web.yaml", Web));
        var first = await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");
        var afterCreate = await ReplicaSetNamesAsync(kubectl);

        await RunAsync(kubectl, "set", "image", "deployment/web", "app=nginx:1.28");
        await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");
        var afterImage = await ReplicaSetNamesAsync(kubectl);
        await RunAsync(kubectl, "rollout", "restart", "deployment/web");
        var last = await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");
        var afterRestart = await ReplicaSetNamesAsync(kubectl);
        var history = await RunAsync(kubectl, "rollout", "history", "deployment/web");
        var all = await RunAsync(kubectl, "get", "all", "-o", "name");

        Assert.Contains("deployment \"web\" successfully rolled out", first, StringComparison.Ordinal);
        Assert.Contains("deployment \"web\" successfully rolled out", last, StringComparison.Ordinal);
        Assert.Single(afterCreate);
        Assert.Single(afterImage.Except(afterCreate));
        Assert.Single(afterRestart.Except(afterImage));
        Assert.Equal(3, afterRestart.Count);
        Assert.Equal(["1", "2", "3"], HistoryRevisions(history));
        Assert.Equal(1 + 3 + 2, all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // get all: the Deployment, its ReplicaSets, 2 pods
        Assert.Contains("deployment.apps/web", all, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task AnnotateDeployment_IsObserved_WithoutANewReplicaSet()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var cluster = await Cluster.StartAsync(ct);
        using var kubectl = new Kubectl(cluster.Api);
        await RunAsync(kubectl, "apply", "-f", kubectl.WriteFile("web.yaml", Web));
        await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");

        await RunAsync(kubectl, "annotate", "deployment/web", "team=shop");
        var status = await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");

        Assert.Contains("successfully rolled out", status, StringComparison.Ordinal);
        Assert.Single(await ReplicaSetNamesAsync(kubectl));
        var d = await DeploymentControllerTests.Read(cluster, "web");
        Assert.Equal((2L, 2L), (d.Metadata.Generation!.Value, d.Status.ObservedGeneration!.Value));
    }

    [Fact(Timeout = 60_000)]
    public async Task PausedDeployment_GetsNoReplicaSetUntilRolloutResume()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var cluster = await Cluster.StartAsync(ct);
        using var kubectl = new Kubectl(cluster.Api);
        await RunAsync(kubectl, "apply", "-f", kubectl.WriteFile("web.yaml", Web));
        await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");

        await RunAsync(kubectl, "rollout", "pause", "deployment/web");
        await RunAsync(kubectl, "set", "image", "deployment/web", "app=nginx:1.28");
        await Eventually.HoldsAsync(async () => (await DeploymentControllerTests.Read(cluster, "web")).Status.ObservedGeneration == 3,
            "the paused change is observed", ct, Cluster.Patience);
        var whilePaused = await ReplicaSetNamesAsync(kubectl);
        var restart = await kubectl.RunAsync(ct, "-n", Cluster.Ns, "rollout", "restart", "deployment/web");
        await RunAsync(kubectl, "rollout", "resume", "deployment/web");
        await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");

        Assert.Single(whilePaused);
        Assert.NotEqual(0, restart.Code);
        Assert.Contains("can't restart paused deployment", restart.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await ReplicaSetNamesAsync(kubectl)).Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task RolloutUndo_ReusesThePreviousReplicaSet_AsTheNextRevision()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var cluster = await Cluster.StartAsync(ct);
        using var kubectl = new Kubectl(cluster.Api);
        await RunAsync(kubectl, "apply", "-f", kubectl.WriteFile("web.yaml", Web));
        await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");
        await RunAsync(kubectl, "set", "image", "deployment/web", "app=nginx:1.28");
        await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");

        await RunAsync(kubectl, "rollout", "undo", "deployment/web");
        await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");
        var history = await RunAsync(kubectl, "rollout", "history", "deployment/web");

        Assert.Equal(2, (await ReplicaSetNamesAsync(kubectl)).Count);
        Assert.Equal(["2", "3"], HistoryRevisions(history));
        Assert.All(await cluster.PodsAsync("web"), p => Assert.Equal("nginx:1.27", p.Spec.Containers[0].Image));
    }

    [Fact(Timeout = 60_000)]
    public async Task StatefulSetAndDaemonSet_RolloutStatusAndHistory_FollowARolloutRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var cluster = await Cluster.StartAsync(ct);
        using var kubectl = new Kubectl(cluster.Api);
        await RunAsync(kubectl, "apply", "-f", kubectl.WriteFile("workloads.yaml", DbAndAgent));
        await RunAsync(kubectl, "rollout", "status", "statefulset/db", "--timeout=20s");
        await RunAsync(kubectl, "rollout", "status", "daemonset/agent", "--timeout=20s");

        await RunAsync(kubectl, "rollout", "restart", "statefulset/db", "daemonset/agent");
        var sts = await RunAsync(kubectl, "rollout", "status", "statefulset/db", "--timeout=20s");
        var ds = await RunAsync(kubectl, "rollout", "status", "daemonset/agent", "--timeout=20s");
        var stsHistory = await RunAsync(kubectl, "rollout", "history", "statefulset/db");
        var dsHistory = await RunAsync(kubectl, "rollout", "history", "daemonset/agent");

        Assert.Contains("2 new pods have been updated", sts, StringComparison.Ordinal);
        Assert.Contains("daemon set \"agent\" successfully rolled out", ds, StringComparison.Ordinal);
        Assert.Equal(["1", "2"], HistoryRevisions(stsHistory));
        Assert.Equal(["1", "2"], HistoryRevisions(dsHistory));
        var db = await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("db", Cluster.Ns, cancellationToken: ct);
        Assert.Equal(db.Status.UpdateRevision, db.Status.CurrentRevision);
    }

    [Fact(Timeout = 60_000)]
    public async Task RolloutStatus_Fails_OncePodsThatNeverBecomeReadyPassTheProgressDeadline()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var cluster = await Cluster.StartAsync(ct, new ClusterControllersOptions { TimeProvider = clock });
        using var kubectl = new Kubectl(cluster.Api);
        await RunAsync(kubectl, "apply", "-f", kubectl.WriteFile("web.yaml", Web));
        await RunAsync(kubectl, "rollout", "status", "deployment/web", "--timeout=20s");

        // The default readiness switch: pods annotated never-ready run but never pass readiness.
        await RunAsync(kubectl, "patch", "deployment/web", "-p",
            """{"spec":{"template":{"metadata":{"annotations":{"NAME":"true"}}}}}""".Replace("NAME", ClusterControllersOptions.NeverReadyAnnotation, StringComparison.Ordinal));
        await Eventually.HoldsAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            var d = await DeploymentControllerTests.Read(cluster, "web");
            return d.Status.Conditions.Any(c => c.Reason == "ProgressDeadlineExceeded");
        }, "the rollout passes its deadline", ct, Cluster.Patience);
        var status = await kubectl.RunAsync(ct, "-n", Cluster.Ns, "rollout", "status", "deployment/web", "--timeout=20s");

        Assert.Equal(1, status.Code);
        Assert.Contains("deployment \"web\" exceeded its progress deadline", status.Output, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(Kubectl kubectl, params string[] arguments)
    {
        var (code, output) = await kubectl.RunAsync(TestContext.Current.CancellationToken, ["-n", Cluster.Ns, .. arguments]);
        Assert.True(code == 0, $"kubectl {string.Join(' ', arguments)} exited {code}: {output}");
        return output;
    }

    private static async Task<List<string>> ReplicaSetNamesAsync(Kubectl kubectl) =>
        [.. (await RunAsync(kubectl, "get", "replicasets", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The REVISION column of <c>kubectl rollout history</c>.</summary>
    private static List<string> HistoryRevisions(string history) =>
        [.. history.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && char.IsDigit(l[0])).Select(l => l.Split(' ')[0])];
}
