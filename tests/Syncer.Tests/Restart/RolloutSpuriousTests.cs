using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Syncer.Doubles;
using Syncer.Leadership;
using Syncer.Observability;
using Syncer.Restart;
using Syncer.Spec;
using Syncer.Tests.Restart.Support;
using static Syncer.Tests.Restart.Support.PodSpecs;

namespace Syncer.Tests.Restart;

/// <summary>
/// Nothing rolls that has no new data to pick up (PRODUCT.md promise 3): not on a first fill, an adoption, a Syncer
/// restart, a no-op wave or a new hash key; and a crash between the Secret write and the patches still ends with
/// exactly one rollout (promise 4).
/// </summary>
public sealed class RolloutSpuriousTests : IAsyncLifetime
{
    private RolloutCluster _cluster = null!;

    private WorkloadHelper W => _cluster.Workloads;

    public async ValueTask InitializeAsync() => _cluster = await RolloutCluster.StartAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task FirstFillAdoptionRestartNoOpWavesAndANewHashKey_RollNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await _cluster.WriteVaultAsync("db", "v1");
        await _cluster.WriteVaultAsync("adopted", "from-vault");
        await W.DeploymentAsync("web", EnvFrom("db"));
        await W.DeploymentAsync("legacy", EnvFrom("adopted"));
        await W.StatefulSetAsync("store", Volume("db"));
        // A Secret that existed before Syncer, typed by hand and already consumed.
        await _cluster.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "adopted" }, StringData = new Dictionary<string, string> { ["pw"] = "typed-by-hand" } },
            RolloutCluster.Ns, cancellationToken: ct);
        await W.RolledOutAsync(0, ct, "deployment/web", "deployment/legacy", "statefulset/store");
        await _cluster.StartSyncerAsync();

        // First fill, and adoption (the label added to the existing Secret: its value is taken over).
        await _cluster.CreateSecretAsync("db");
        await _cluster.Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(new
        {
            metadata = new
            {
                labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = "true" },
                annotations = new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/adopted", [SyncAnnotations.Refresh] = "1s" },
            },
        }, V1Patch.PatchType.MergePatch), "adopted", RolloutCluster.Ns, cancellationToken: ct);
        await _cluster.SyncedAsync("db", "v1", 1, ct);
        await _cluster.SyncedAsync("adopted", "from-vault", 1, ct);

        // No-op waves (the Secrets refresh every second), then a Syncer restart.
        await Eventually.HoldsAsync(() => _cluster.Syncer.Vault.Requests.Count("GET", "secret/data/shop/db") >= 4, "a few waves", ct, RolloutCluster.Patience);
        await _cluster.IdleAsync(ct);
        await _cluster.StopSyncerAsync();
        await _cluster.StartSyncerAsync();
        await Eventually.HoldsAsync(() => _cluster.Syncer.Vault.Requests.Count("GET", "secret/data/shop/db") >= 7, "waves after the restart", ct, RolloutCluster.Patience);
        await _cluster.IdleAsync(ct);

        // A new hash key: the key Secret is lost while Syncer is down; every hash is written again.
        var (dbHash, adoptedHash) = (await _cluster.AnnotationAsync("db", SyncAnnotations.DataHash), await _cluster.AnnotationAsync("adopted", SyncAnnotations.DataHash));
        await _cluster.StopSyncerAsync();
        await _cluster.Client.CoreV1.DeleteNamespacedSecretAsync("syncer-hmac-key", "syncer-system", cancellationToken: ct);
        await _cluster.StartSyncerAsync();
        await Eventually.HoldsAsync(async () => await _cluster.AnnotationAsync("db", SyncAnnotations.DataHash) != dbHash
            && await _cluster.AnnotationAsync("adopted", SyncAnnotations.DataHash) != adoptedHash, "the hashes are rewritten", ct, RolloutCluster.Patience);
        await _cluster.IdleAsync(ct);

        Assert.Equal(0, await W.RolloutsAsync("deployment", "web"));
        Assert.Equal(0, await W.RolloutsAsync("deployment", "legacy"));
        Assert.Equal(0, await W.RolloutsAsync("statefulset", "store"));
        Assert.Equal("1", await _cluster.AnnotationAsync("db", SyncAnnotations.DataRevision));
        Assert.Null(await _cluster.AnnotationAsync("db", SyncAnnotations.RolloutPending));
        Assert.Equal(0, _cluster.Api.Requests.CountWhere((verb, resource) => verb == "patch" && resource is "deployments" or "statefulsets"));
        Assert.Empty(await _cluster.EventsAsync(RestartReporter.Triggered));
    }

    [Fact(Timeout = 120_000)]
    public async Task ACrashAfterTheSecretWriteAndBeforeThePatches_EndsWithExactlyOneRolloutAfterTheNextStart()
    {
        var ct = TestContext.Current.CancellationToken;
        await _cluster.WriteVaultAsync("db", "v1");
        await W.DeploymentAsync("web", EnvFrom("db"));
        await W.DaemonSetAsync("agent", EnvKey("db"));
        await _cluster.StartSyncerAsync();
        await _cluster.CreateSecretAsync("db");
        await _cluster.SyncedAsync("db", "v1", 1, ct);
        await W.RolledOutAsync(0, ct, "deployment/web", "daemonset/agent");
        await _cluster.StopSyncerAsync();

        // This Syncer writes the new revision but never gets to the patches (its window outlasts its life).
        await _cluster.StartSyncerAsync(("Syncer:Restart:Debounce", "00:10:00"));
        await _cluster.WriteVaultAsync("db", "v2");
        await _cluster.SyncedAsync("db", "v2", 2, ct);
        Assert.Equal("2", await _cluster.AnnotationAsync("db", SyncAnnotations.RolloutPending));
        await _cluster.StopSyncerAsync();
        Assert.Equal(0, await W.RolloutsAsync("deployment", "web"));

        await _cluster.StartSyncerAsync();

        await _cluster.NotPendingAsync("db", ct);
        await W.RolledOutAsync(1, ct, "deployment/web", "daemonset/agent");
        await _cluster.StopSyncerAsync(); // and once more: the rolled-for record keeps a restart from rolling again
        await _cluster.StartSyncerAsync();
        await Eventually.HoldsAsync(() => _cluster.Syncer.Vault.Requests.Count("GET", "secret/data/shop/db") >= 2, "Syncer runs again", ct, RolloutCluster.Patience);
        await _cluster.IdleAsync(ct);
        Assert.Equal(1, await W.RolloutsAsync("deployment", "web"));
        Assert.Equal(1, await W.RolloutsAsync("daemonset", "agent"));
        Assert.Single(await _cluster.EventsAsync(RestartReporter.Triggered, "db"));
    }

    [Fact(Timeout = 120_000)]
    public async Task OnlyTheLeaderRolls_AndALeaderChangeRollsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await _cluster.WriteVaultAsync("db", "v1");
        await W.DeploymentAsync("web", EnvFrom("db"));
        await W.RolledOutAsync(0, ct, "deployment/web");
        await _cluster.StartSyncerAsync(("Syncer:LeaderElection:Identity", "replica-a"));
        await Eventually.HoldsAsync(() => _cluster.Services.GetRequiredService<ILeadership>().IsLeader, "replica-a leads", ct, RolloutCluster.Patience);
        var standbyRequests = new RequestCounter();
        await using var standby = await _cluster.StartReplicaAsync("replica-b", standbyRequests);
        await _cluster.CreateSecretAsync("db");
        await _cluster.SyncedAsync("db", "v1", 1, ct);

        await _cluster.WriteVaultAsync("db", "v2");
        await _cluster.NotPendingAsync("db", ct);
        await W.RolledOutAsync(1, ct, "deployment/web");
        await _cluster.IdleAsync(ct, standby.Services);
        await Eventually.HoldsAsync(() => _cluster.Metric("deployment", "completed") == 1, "the leader counts the rollout finished", ct, RolloutCluster.Patience);
        Assert.Equal(0, standbyRequests.Count("patch", "deployments"));
        Assert.Equal(0, standbyRequests.Count("patch", "secrets"));
        Assert.Equal(0, standby.Services.GetRequiredService<SyncerMetrics>().RolloutsTotal.WithLabels("deployment", "completed").Value); // counted once, by the leader

        // The leader stops (releasing the Lease); the standby takes over and looks at everything afresh: nothing rolls.
        await _cluster.StopSyncerAsync();
        await Eventually.HoldsAsync(() => standby.Services.GetRequiredService<ILeadership>().IsLeader, "replica-b leads", ct, RolloutCluster.Patience);
        await Eventually.HoldsAsync(() => _cluster.Syncer.Vault.Requests.Count("GET", "secret/data/shop/db") >= 6, "replica-b syncs", ct, RolloutCluster.Patience);
        await _cluster.IdleAsync(ct, standby.Services);
        Assert.Equal(1, await W.RolloutsAsync("deployment", "web"));
        Assert.Equal(0, standbyRequests.Count("patch", "deployments"));

        // The new leader rolls the next change, once.
        await _cluster.WriteVaultAsync("db", "v3");
        await _cluster.NotPendingAsync("db", ct);
        await W.RolledOutAsync(2, ct, "deployment/web");
        Assert.Equal(1, standbyRequests.Count("patch", "deployments"));
    }
}
