using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Syncer.Observability;
using Syncer.Restart;
using Syncer.Spec;
using Syncer.Tests.Restart.Support;
using static Syncer.Tests.Restart.Support.PodSpecs;

namespace Syncer.Tests.Restart;

/// <summary>Paused Deployments, stalled rollouts, OnDelete workloads and refused patches (issue 9).</summary>
public sealed class RolloutWaitsTests
{
    private static Task PatchDeploymentAsync(RolloutCluster cluster, string name, object patch, CancellationToken ct) =>
        cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, RolloutCluster.Ns, cancellationToken: ct);

    private static double Gauge(RolloutCluster cluster, Func<SyncerMetrics, double> read) => read(cluster.Services.GetRequiredService<SyncerMetrics>());

    [Fact(Timeout = 120_000)]
    public async Task APausedDeployment_IsReportedOnce_NotPatched_AndRolledOnceWhenResumed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RolloutCluster.StartAsync();
        await cluster.WriteVaultAsync("db", "v1");
        await cluster.Workloads.DeploymentAsync("web", EnvFrom("db"));
        await cluster.Workloads.RolledOutAsync(0, ct, "deployment/web");
        await PatchDeploymentAsync(cluster, "web", new { spec = new { paused = true } }, ct);
        await cluster.StartSyncerAsync();
        await cluster.CreateSecretAsync("db");
        await cluster.SyncedAsync("db", "v1", 1, ct);

        await cluster.WriteVaultAsync("db", "v2");
        await cluster.SyncedAsync("db", "v2", 2, ct);
        await Eventually.HoldsAsync(async () => (await cluster.EventsAsync(RestartReporter.Waiting, "web")).Count == 1, "web is reported waiting", ct, RolloutCluster.Patience);
        await Eventually.HoldsAsync(() => cluster.Syncer.Vault.Requests.Count("GET", "secret/data/shop/db") >= 5, "more waves", ct, RolloutCluster.Patience);
        await cluster.IdleAsync(ct);

        var waiting = Assert.Single(await cluster.EventsAsync(RestartReporter.Waiting, "web"));
        Assert.Contains("paused", waiting.Message, StringComparison.Ordinal);
        Assert.Equal(1, Gauge(cluster, m => m.RolloutsWaitingGauge.WithLabels("paused").Value));
        Assert.Equal(0, cluster.Api.Requests.Count("patch", "deployments"));
        Assert.Equal("2", await cluster.AnnotationAsync("db", SyncAnnotations.RolloutPending));

        await PatchDeploymentAsync(cluster, "web", new { spec = new { paused = false } }, ct);

        await cluster.NotPendingAsync("db", ct);
        await cluster.Workloads.RolledOutAsync(1, ct, "deployment/web");
        await cluster.IdleAsync(ct);
        Assert.Equal(1, cluster.Api.Requests.Count("patch", "deployments"));
        Assert.Equal(0, Gauge(cluster, m => m.RolloutsWaitingGauge.WithLabels("paused").Value));
    }

    [Fact(Timeout = 120_000)]
    public async Task StalledRollouts_AreReportedOnce_HoldNoSlot_AreNotRetried_AndTheNextChangeStillRolls()
    {
        var ct = TestContext.Current.CancellationToken;
        // Pods of Syncer's rollouts never become ready: the new values break the application.
        await using var cluster = await RolloutCluster.StartAsync(new ClusterClock(),
            neverReady: pod => pod.Metadata.Annotations?.ContainsKey(SyncAnnotations.RestartedAt) == true);
        var w = cluster.Workloads;
        await cluster.WriteVaultAsync("db", "v1");
        await w.DeploymentAsync("web", EnvFrom("db"), progressDeadlineSeconds: 30);
        await w.StatefulSetAsync("store", Volume("db")); // no deadline of its own: Syncer's ProgressDeadline applies
        await cluster.AdvanceUntilAsync(async () => await w.CompleteAsync("deployment", "web") && await w.CompleteAsync("statefulset", "store"), "web and store run", ct);
        await cluster.StartSyncerAsync(("Syncer:Restart:ProgressDeadline", "00:00:03"));
        await cluster.CreateSecretAsync("db");
        await cluster.SyncedAsync("db", "v1", 1, ct);

        await cluster.WriteVaultAsync("db", "v2");
        await cluster.SyncedAsync("db", "v2", 2, ct);
        await cluster.AdvanceUntilAsync(async () => (await cluster.EventsAsync(RestartReporter.Stalled, "web")).Count > 0, "the stall is reported", ct);
        await Eventually.HoldsAsync(async () => (await cluster.EventsAsync(RestartReporter.Stalled, "store")).Count > 0, "the statefulset's stall is reported", ct, RolloutCluster.Patience);
        for (var step = 0; step < 10; step++)
        {
            cluster.Clock!.Time.Advance(ClusterClock.PodReadyDelay); // more of the cluster's time: no retry, no second report
        }
        // An edit of web's metadata (a new generation, the same stalled rollout) brings it back to Syncer: no second report.
        await PatchDeploymentAsync(cluster, "web", new { metadata = new { annotations = new Dictionary<string, string> { ["team"] = "shop" } } }, ct);
        await Eventually.HoldsAsync(async () => (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", RolloutCluster.Ns, cancellationToken: ct)).Status.ObservedGeneration
            == (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", RolloutCluster.Ns, cancellationToken: ct)).Metadata.Generation, "the edit is observed", ct, RolloutCluster.Patience);

        await cluster.IdleAsync(ct);

        var stalled = Assert.Single(await cluster.EventsAsync(RestartReporter.Stalled, "web"));
        Assert.Equal("Warning", stalled.Type);
        Assert.Single(await cluster.EventsAsync(RestartReporter.Stalled, "store"));
        Assert.Equal(1, cluster.Metric("deployment", "stalled"));
        Assert.Equal(1, cluster.Metric("statefulset", "stalled"));
        Assert.Equal(0, Gauge(cluster, m => m.RolloutsInProgressGauge.Value));
        Assert.Equal(1, await w.RolloutsAsync("deployment", "web"));
        Assert.Equal(1, cluster.Api.Requests.Count("patch", "deployments"));
        Assert.Equal(1, cluster.Api.Requests.Count("patch", "statefulsets"));

        await cluster.WriteVaultAsync("db", "v3");
        await cluster.SyncedAsync("db", "v3", 3, ct);
        await cluster.NotPendingAsync("db", ct);
        await Eventually.HoldsAsync(async () => await w.RolloutsAsync("deployment", "web") == 2, "web rolls again", ct, RolloutCluster.Patience);
        Assert.Equal("db=3", await w.RolledForAsync("deployment", "web"));
        Assert.Equal("db=3", await w.RolledForAsync("statefulset", "store"));
    }

    [Fact(Timeout = 120_000)]
    public async Task OnDeleteWorkloads_AreDoneOnceThePatchIsAccepted_AndTheirEventSaysPodsTakeTheValuesWhenDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RolloutCluster.StartAsync();
        var w = cluster.Workloads;
        await cluster.WriteVaultAsync("db", "v1");
        await w.StatefulSetAsync("store", EnvFrom("db"), onDelete: true);
        await w.DaemonSetAsync("agent", Volume("db"), onDelete: true);
        await w.RolledOutAsync(0, ct, "statefulset/store", "daemonset/agent");
        var podsBefore = (await cluster.Client.CoreV1.ListNamespacedPodAsync(RolloutCluster.Ns, cancellationToken: ct)).Items.Select(p => p.Metadata.Uid).Order().ToList();
        await cluster.StartSyncerAsync();
        await cluster.CreateSecretAsync("db");
        await cluster.SyncedAsync("db", "v1", 1, ct);

        await cluster.WriteVaultAsync("db", "v2");

        await cluster.NotPendingAsync("db", ct);
        await w.RolledOutAsync(1, ct, "statefulset/store", "daemonset/agent");
        await cluster.IdleAsync(ct);
        foreach (var name in new[] { "store", "agent" })
        {
            var triggered = Assert.Single(await cluster.EventsAsync(RestartReporter.Triggered, name));
            Assert.Contains("OnDelete", triggered.Message, StringComparison.Ordinal);
        }

        var podsAfter = (await cluster.Client.CoreV1.ListNamespacedPodAsync(RolloutCluster.Ns, cancellationToken: ct)).Items.Select(p => p.Metadata.Uid).Order().ToList();
        Assert.Equal(podsBefore, podsAfter); // the pods run on until someone deletes them
        Assert.Equal(0, Gauge(cluster, m => m.RolloutsInProgressGauge.Value));
    }

    [Fact(Timeout = 120_000)]
    public async Task ARefusedPatch_IsReportedOnceOnTheWorkloadAndTheSecret_KeepsThePendingMark_AndRollsOnceItIsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RolloutCluster.StartAsync();
        await cluster.WriteVaultAsync("db", "v1");
        await cluster.Workloads.DeploymentAsync("web", EnvFrom("db"));
        await cluster.Workloads.RolledOutAsync(0, ct, "deployment/web");
        await cluster.StartSyncerAsync(("Syncer:Restart:RetryMaxDelay", "00:00:01"));
        await cluster.CreateSecretAsync("db");
        await cluster.SyncedAsync("db", "v1", 1, ct);
        cluster.Api.Faults.SetErrorRate("patch", "deployments", 1.0, 500);

        await cluster.WriteVaultAsync("db", "v2");
        await cluster.SyncedAsync("db", "v2", 2, ct);
        await Eventually.HoldsAsync(() => cluster.Metric("deployment", "failed") >= 3, "three refused patches", ct, RolloutCluster.Patience);

        var onWorkload = Assert.Single(await cluster.EventsAsync(RestartReporter.Failed, "web"));
        var onSecret = Assert.Single(await cluster.EventsAsync(RestartReporter.Failed, "db"));
        Assert.Contains("500", onWorkload.Message, StringComparison.Ordinal);
        Assert.Contains("deployment/web", onSecret.Message, StringComparison.Ordinal);
        Assert.Equal("2", await cluster.AnnotationAsync("db", SyncAnnotations.RolloutPending));
        Assert.Equal(0, await cluster.Workloads.RolloutsAsync("deployment", "web"));

        cluster.Api.Faults.Clear();

        await cluster.NotPendingAsync("db", ct);
        await cluster.Workloads.RolledOutAsync(1, ct, "deployment/web");
        Assert.Single(await cluster.EventsAsync(RestartReporter.Triggered, "db"));
    }
}
