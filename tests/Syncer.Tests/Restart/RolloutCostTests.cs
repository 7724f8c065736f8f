using Syncer.Spec;
using Syncer.Tests.Restart.Support;
using static Syncer.Tests.Restart.Support.PodSpecs;

namespace Syncer.Tests.Restart;

/// <summary>
/// What the restart path costs in Kubernetes requests (PRODUCT.md section 7, last row), counted by the double for
/// Syncer's token alone: per changed Secret one write and one Synced Event, per consuming workload one patch and one
/// Event, and one status write and one RestartTriggered Event on the Secret when its rollouts are done. Nothing read
/// (the Lease renewals of leader election are not the rotation's).
/// </summary>
public sealed class RolloutCostTests : IAsyncLifetime
{
    private RolloutCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await RolloutCluster.StartAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task ARotation_CostsOneWriteAndOneEventPerSecret_OnePatchAndOneEventPerWorkload_AndOneStatusWriteAndEventWhenDone()
    {
        var ct = TestContext.Current.CancellationToken;
        var w = _cluster.Workloads;
        await _cluster.WriteVaultAsync("db", "v1");
        await _cluster.WriteVaultAsync("solo", "v1");
        await w.DeploymentAsync("web", EnvFrom("db"), replicas: 2);
        await w.DeploymentAsync("worker", EnvKey("db"));
        await w.StatefulSetAsync("store", Volume("db"));
        await _cluster.StartSyncerAsync();
        await _cluster.CreateSecretAsync("db");
        await _cluster.CreateSecretAsync("solo"); // nobody consumes it
        await _cluster.SyncedAsync("db", "v1", 1, ct);
        await _cluster.SyncedAsync("solo", "v1", 1, ct);
        await w.RolledOutAsync(0, ct, "deployment/web", "deployment/worker", "statefulset/store");
        await _cluster.IdleAsync(ct);
        _cluster.Api.Requests.Reset();

        await _cluster.WriteVaultAsync("db", "v2");
        await _cluster.WriteVaultAsync("solo", "v2");

        await _cluster.SyncedAsync("db", "v2", 2, ct);
        await _cluster.SyncedAsync("solo", "v2", 2, ct);
        await _cluster.NotPendingAsync("db", ct);
        await w.RolledOutAsync(1, ct, "deployment/web", "deployment/worker", "statefulset/store");
        await _cluster.IdleAsync(ct);
        var requests = string.Join(", ", _cluster.Api.Requests.Snapshot());
        Assert.True(_cluster.Api.Requests.Count("patch", "secrets") == 3, requests);     // db: data, then status; solo: data
        Assert.True(_cluster.Api.Requests.Count("create", "events") == 6, requests);     // Synced x2, RestartTriggered x3 + 1
        Assert.True(_cluster.Api.Requests.Count("patch", "deployments") == 2, requests);
        Assert.True(_cluster.Api.Requests.Count("patch", "statefulsets") == 1, requests);
        // Nothing read, nothing else (the leader's Lease renewals are leader election's own cost, every 2 s).
        Assert.True(_cluster.Api.Requests.CountWhere((verb, resource) => verb != "watch" && resource != "leases") == 12, requests);
        Assert.Null(await _cluster.AnnotationAsync("solo", SyncAnnotations.RolloutPending));
    }
}
