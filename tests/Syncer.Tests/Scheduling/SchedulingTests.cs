using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Syncer.Scheduling;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Hosting;

namespace Syncer.Tests.Scheduling;

/// <summary>Scheduling inside the real host: real informer, real Quartz, the Kubernetes double, a recording handler.</summary>
public sealed class SchedulingTests
{
    private static readonly SecretKey Db = new("shop", "db");

    private static Dictionary<string, string> Annotations(params (string Key, string Value)[] extra)
    {
        var annotations = new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db" };
        foreach (var (key, value) in extra)
        {
            annotations[key] = value;
        }

        return annotations;
    }

    /// <summary>
    /// A stand-in for Syncer's sync: a status write when the Secret is not at the resourceVersion it verified, whose
    /// resourceVersion it then records (a re-run at that version writes nothing, as the real synchronizer sends no
    /// request then). Counts its writes.
    /// </summary>
    private sealed class StatusWriter(SyncerCluster cluster, CancellationToken ct)
    {
        private int _writes;

        public int Writes => _writes;

        public async Task SyncAsync(SecretKey key)
        {
            Assert.True(cluster.Store.TryGet(key, out var state));
            if (state.Observed.ResourceVersion == state.VerifiedResourceVersion)
            {
                return;
            }

            var patch = new V1Patch(new { metadata = new { annotations = new Dictionary<string, string> { [SyncAnnotations.SyncedAt] = $"2026-11-23T09:30:{_writes:00}Z" } } }, V1Patch.PatchType.MergePatch);
            var written = await cluster.Client.CoreV1.PatchNamespacedSecretAsync(patch, key.Name, key.Namespace, cancellationToken: ct);
            state.VerifiedResourceVersion = written.Metadata.ResourceVersion;
            Interlocked.Increment(ref _writes);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task NewSecret_WithAOneHourRefresh_IsSyncedAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.StartAsync(ct);

        await cluster.CreateSecretAsync("shop", "db", annotations: Annotations((SyncAnnotations.Refresh, "1h")), cancellationToken: ct);

        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(Db) == 1, "the new Secret is synced", ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task ForceSyncChange_SyncsAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.StartAsync(ct);
        await cluster.CreateSecretAsync("shop", "db", annotations: Annotations((SyncAnnotations.Refresh, "1h")), cancellationToken: ct);
        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(Db) == 1, "the first sync ran", ct);

        await cluster.EditSecretAsync("shop", "db", s => s.Metadata.Annotations[SyncAnnotations.ForceSync] = "2026-11-23T09:30:00Z", ct);

        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(Db) == 2, "a second sync ran", ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task SyncersOwnWrite_CostsNothingMore_ButAHandEditIsSyncedAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        var syncer = new StatusWriter(cluster, ct);
        cluster.Host.Handler.OnSync = syncer.SyncAsync;
        await cluster.StartAsync(ct);
        await cluster.CreateSecretAsync("shop", "db", annotations: Annotations((SyncAnnotations.Refresh, "1h")), cancellationToken: ct);
        await Eventually.HoldsAsync(() => syncer.Writes == 1, "the first sync wrote", ct);

        // The watch event of that write has come when the index holds its resourceVersion; then a sentinel Secret,
        // queued after it, shows the write has been through the scheduler too.
        await Eventually.HoldsAsync(
            () => cluster.Store.TryGet(Db, out var s) && s.Observed.ResourceVersion == s.VerifiedResourceVersion, "Syncer's write is indexed", ct);
        await cluster.CreateSecretAsync("shop", "sentinel", cancellationToken: ct);
        await Eventually.HoldsAsync(() => syncer.Writes == 2, "the sentinel synced", ct);
        Assert.True(cluster.Host.Handler.CountFor(Db) <= 2, "at most one re-run, when the event of the write beat its answer");

        await cluster.EditSecretAsync("shop", "db", s => s.Data = new Dictionary<string, byte[]> { ["password"] = "by-hand"u8.ToArray() }, ct);

        await Eventually.HoldsAsync(() => syncer.Writes == 3, "the hand edit is synced at once", ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task Restart_WithASecretSyncedBeforeDigests_WaitsForItsPhaseButSyncsAnUnfilledOneAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.CreateSecretAsync("shop", "filled", annotations: Annotations((SyncAnnotations.Refresh, "1h"), (SyncAnnotations.SyncedAt, "2026-11-23T08:00:00Z")), cancellationToken: ct);
        await cluster.CreateSecretAsync("shop", "unfilled", annotations: Annotations((SyncAnnotations.Refresh, "1h")), cancellationToken: ct);

        await cluster.StartAsync(ct);

        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(new SecretKey("shop", "unfilled")) == 1, "the unfilled Secret is synced", ct);
        Assert.True(await cluster.HasJobAsync("shop", "filled", ct));
        Assert.Equal(0, cluster.Host.Handler.CountFor(new SecretKey("shop", "filled")));
    }

    [Fact(Timeout = 30_000)]
    public async Task FailedSync_IsRetriedWithBackoff()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?> { ["Syncer:Scheduling:RetryInitialDelay"] = "00:00:00.200" };
        await using var cluster = await SyncerCluster.CreateAsync(ct, settings: settings);
        cluster.Host.Handler.Outcome = _ => new SyncResult(SyncOutcome.Failed, SyncFailureReason.VaultUnavailable, "Vault is sealed");
        await cluster.StartAsync(ct);

        await cluster.CreateSecretAsync("shop", "db", annotations: Annotations((SyncAnnotations.Refresh, "1h")), cancellationToken: ct);

        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(Db) >= 3, "two retries ran", ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeletedSecret_LeavesTheSchedule()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.StartAsync(ct);
        await cluster.CreateSecretAsync("shop", "db", cancellationToken: ct);
        await Eventually.HoldsAsync(() => cluster.HasJobAsync("shop", "db", ct), "the Secret has a job", ct);

        await cluster.Client.CoreV1.DeleteNamespacedSecretAsync("db", "shop", cancellationToken: ct);

        await Eventually.HoldsAsync(async () => !await cluster.HasJobAsync("shop", "db", ct), "the job is deleted", ct);
        Assert.False(cluster.Indexed("shop", "db"));
    }

    [Fact(Timeout = 60_000)]
    public async Task NewSecrets_CreatedDuringABacklogOfDueRefreshes_AreSyncedAheadOfIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?>
        {
            ["Syncer:Sync:MinimumRefresh"] = "00:00:01",
            ["Syncer:Scheduling:MaxJitter"] = "00:00:00",
            ["Syncer:Scheduling:MaxConcurrentSyncs"] = "1",
        };
        await using var cluster = await SyncerCluster.CreateAsync(ct, settings: settings);
        for (var i = 0; i < 20; i++)
        {
            // Synced before (by a Syncer without digests): no sync at start, only their 1 s periodic refresh.
            await cluster.CreateSecretAsync("shop", $"due-{i}", annotations: Annotations((SyncAnnotations.Refresh, "1s"), (SyncAnnotations.SyncedAt, "2026-11-23T08:00:00Z")), cancellationToken: ct);
        }

        cluster.Host.Handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await cluster.StartAsync(ct);
        var dispatcher = cluster.Host.Services.GetRequiredService<SyncDispatcher>();
        await Eventually.HoldsAsync(() => cluster.Host.Handler.Calls.Count == 1 && dispatcher.Waiting >= 15, "a backlog of due refreshes", ct);

        var fresh = Enumerable.Range(0, 3).Select(i => new SecretKey("shop", $"new-{i}")).ToList();
        foreach (var key in fresh)
        {
            await cluster.CreateSecretAsync(key.Namespace, key.Name, cancellationToken: ct);
        }

        await Eventually.HoldsAsync(() => fresh.All(k => cluster.Store.TryGet(k, out var s) && s.Applied is not null), "the new Secrets are scheduled", ct);
        cluster.Host.Handler.Gate.SetResult();
        await Eventually.HoldsAsync(() => fresh.All(k => cluster.Host.Handler.CountFor(k) == 1), "the new Secrets are synced", ct);

        var order = cluster.Host.Handler.Calls.ToList();
        Assert.StartsWith("due-", order[0].Name, StringComparison.Ordinal); // the refresh that was running
        Assert.Equal(fresh.ToHashSet(), order.Skip(1).Take(3).ToHashSet()); // then the new ones, before the backlog
    }
}
