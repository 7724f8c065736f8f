using k8s;
using Syncer.Discovery;
using Syncer.Scheduling;
using Syncer.Tests.Hosting;

namespace Syncer.Tests.Scheduling;

/// <summary>Scheduling inside the real host: real informer, real Quartz, the Kubernetes double, a recording seam.</summary>
public sealed class SchedulingTests
{
    private static Dictionary<string, string> Annotations(params (string Key, string Value)[] extra)
    {
        var annotations = new Dictionary<string, string> { [WatchedAnnotations.Path] = "secret/shop/db" };
        foreach (var (key, value) in extra)
        {
            annotations[key] = value;
        }

        return annotations;
    }

    [Fact(Timeout = 30_000)]
    public async Task NewSecret_WithAOneHourRefresh_IsSyncedAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.StartAsync(ct);

        await cluster.CreateSecretAsync("shop", "db", annotations: Annotations((WatchedAnnotations.Refresh, "1h")), cancellationToken: ct);

        var key = new SecretKey("shop", "db");
        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(key) == 1, "the new Secret is synced", ct);
        Assert.Contains((key, false), cluster.Host.Handler.Calls);
    }

    [Fact(Timeout = 30_000)]
    public async Task ForceSyncChange_SyncsAtOnceFromAFreshRead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.StartAsync(ct);
        await cluster.CreateSecretAsync("shop", "db", annotations: Annotations((WatchedAnnotations.Refresh, "1h")), cancellationToken: ct);
        var key = new SecretKey("shop", "db");
        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(key) == 1, "the first sync ran", ct);

        await cluster.EditSecretAsync("shop", "db", s => s.Metadata.Annotations[WatchedAnnotations.ForceSync] = "2026-11-23T09:30:00Z", ct);

        await Eventually.HoldsAsync(() => cluster.Host.Handler.Calls.Contains((key, true)), "a forced sync ran", ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task StatusOnlyChange_DoesNotSyncAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.StartAsync(ct);
        await cluster.CreateSecretAsync("shop", "db", annotations: Annotations((WatchedAnnotations.Refresh, "1h")), cancellationToken: ct);
        var key = new SecretKey("shop", "db");
        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(key) == 1, "the first sync ran", ct);

        // What a sync writes: status annotations and data. Then a sentinel Secret, queued after that change, so
        // that once the sentinel has synced the status change has been through the scheduler too.
        await cluster.EditSecretAsync("shop", "db", s =>
        {
            s.Metadata.Annotations[WatchedAnnotations.SyncedAt] = "2026-11-23T09:30:00Z";
            s.Metadata.Annotations["syncer.io/data-hash"] = "0123abcd";
            s.Data = new Dictionary<string, byte[]> { ["password"] = "v2"u8.ToArray() };
        }, ct);
        await Eventually.HoldsAsync(
            () => cluster.Index.TryGet(key, out var indexed) && indexed.HasBeenSynced, "the status change is indexed", ct);
        await cluster.CreateSecretAsync("shop", "sentinel", cancellationToken: ct);
        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(new SecretKey("shop", "sentinel")) == 1, "the sentinel synced", ct);

        Assert.Equal(1, cluster.Host.Handler.CountFor(key));
    }

    [Fact(Timeout = 30_000)]
    public async Task Restart_WithAFilledSecret_WaitsForItsPhaseButSyncsAnUnfilledOneAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.CreateSecretAsync("shop", "filled", annotations: Annotations((WatchedAnnotations.Refresh, "1h"), (WatchedAnnotations.SyncedAt, "2026-11-23T08:00:00Z")), cancellationToken: ct);
        await cluster.CreateSecretAsync("shop", "unfilled", annotations: Annotations((WatchedAnnotations.Refresh, "1h")), cancellationToken: ct);

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
        cluster.Host.Handler.Outcome = _ => SyncOutcome.Failed;
        await cluster.StartAsync(ct);

        await cluster.CreateSecretAsync("shop", "db", annotations: Annotations((WatchedAnnotations.Refresh, "1h")), cancellationToken: ct);

        var key = new SecretKey("shop", "db");
        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(key) >= 3, "two retries ran", ct);
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
    }
}
