using Syncer.Restart;
using Syncer.Spec;
using Syncer.Tests.Restart.Support;
using static Syncer.Tests.Restart.Support.PodSpecs;

namespace Syncer.Tests.Restart;

/// <summary>
/// Changes that arrive together give one rollout per workload; a change during a rollout waits for it; a cap limits
/// rollouts in progress cluster-wide (issue 9). The cluster runs on a fake clock, so a rollout lasts until the test
/// lets its pods become ready; Syncer keeps the wall clock.
/// </summary>
public sealed class RolloutCoalescingTests : IAsyncLifetime
{
    private RolloutCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await RolloutCluster.StartAsync(new ClusterClock());

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task TwoSecretsChangingInOneWindow_GiveOneRollout_AndAChangeDuringItGivesExactlyOneMoreAfterIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var w = _cluster.Workloads;
        await _cluster.WriteVaultAsync("a", "a1");
        await _cluster.WriteVaultAsync("b", "b1");
        await w.DeploymentAsync("web", EnvFrom("a", "b"));
        await _cluster.StartSyncerAsync(("Syncer:Restart:Debounce", "00:00:03"));
        await _cluster.CreateSecretAsync("a", (SyncAnnotations.Refresh, "1h"));
        await _cluster.CreateSecretAsync("b", (SyncAnnotations.Refresh, "1h"));
        await _cluster.SyncedAsync("a", "a1", 1, ct);
        await _cluster.SyncedAsync("b", "b1", 1, ct);
        await _cluster.AdvanceUntilAsync(() => w.CompleteAsync("deployment", "web"), "web runs", ct);

        // Both Secrets change within the window, b after a's change is written: one rollout, recorded for both.
        await _cluster.WriteVaultAsync("a", "a2");
        await _cluster.WriteVaultAsync("b", "b2");
        await _cluster.ForceSyncAsync("a", "1");
        await _cluster.SyncedAsync("a", "a2", 2, ct);
        await _cluster.ForceSyncAsync("b", "1");
        await _cluster.SyncedAsync("b", "b2", 2, ct);
        await Eventually.HoldsAsync(async () => await w.RolloutsAsync("deployment", "web") == 1, "web rolls", ct, RolloutCluster.Patience);
        Assert.Equal("a=2,b=2", await w.RolledForAsync("deployment", "web"));
        Assert.False(await w.CompleteAsync("deployment", "web")); // its new pod waits for the cluster's clock

        // A third change while that rollout is in progress: Syncer looks at web (after the window) and waits.
        await _cluster.WriteVaultAsync("a", "a3");
        await _cluster.ForceSyncAsync("a", "2");
        await _cluster.SyncedAsync("a", "a3", 3, ct);
        await _cluster.IdleAsync(ct);
        Assert.Equal(1, await w.RolloutsAsync("deployment", "web"));
        Assert.Equal("3", await _cluster.AnnotationAsync("a", SyncAnnotations.RolloutPending));

        // The rollout finishes; exactly one more follows.
        await _cluster.AdvanceUntilAsync(async () => await w.RolloutsAsync("deployment", "web") == 2 && await w.CompleteAsync("deployment", "web"), "web rolls once more", ct);
        await _cluster.NotPendingAsync("a", ct);
        await _cluster.IdleAsync(ct);
        Assert.Equal(2, await w.RolloutsAsync("deployment", "web"));
        Assert.Equal("a=3,b=2", await w.RolledForAsync("deployment", "web"));
        Assert.Equal(2, (await _cluster.EventsAsync(RestartReporter.Triggered, "web")).Count);
        Assert.Equal(2, _cluster.Metric("deployment", "completed"));
    }

    [Fact(Timeout = 180_000)]
    public async Task WithACapOfTwo_TenConsumersRollTwoAtATime_AndAllTenEndRolledOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var w = _cluster.Workloads;
        var names = Enumerable.Range(0, 10).Select(i => $"app-{i}").ToArray();
        await _cluster.WriteVaultAsync("db", "v1");
        foreach (var name in names)
        {
            await w.DeploymentAsync(name, EnvFrom("db"));
        }

        await _cluster.StartSyncerAsync(("Syncer:Restart:MaxRolloutsInProgress", "2"));
        await _cluster.CreateSecretAsync("db");
        await _cluster.SyncedAsync("db", "v1", 1, ct);
        var deployments = names.Select(n => $"deployment/{n}").ToArray();
        await _cluster.AdvanceUntilAsync(async () => (await Task.WhenAll(names.Select(n => w.CompleteAsync("deployment", n)))).All(c => c), "every app runs", ct);
        await using var watch = await RolloutWatch.StartAsync(_cluster.Client, ct);

        await _cluster.WriteVaultAsync("db", "v2");

        await _cluster.SyncedAsync("db", "v2", 2, ct);
        await Eventually.HoldsAsync(async () => (await Task.WhenAll(names.Select(n => w.RolloutsAsync("deployment", n)))).Sum() == 2, "two apps roll", ct, RolloutCluster.Patience);
        await _cluster.IdleAsync(ct); // the other eight were looked at, and wait
        Assert.Equal(2, (await Task.WhenAll(names.Select(n => w.RolloutsAsync("deployment", n)))).Sum());
        Assert.Equal(8, (await _cluster.EventsAsync(RestartReporter.Waiting)).Count);
        Assert.Equal("2", await _cluster.AnnotationAsync("db", SyncAnnotations.RolloutPending));

        await _cluster.AdvanceUntilAsync(async () => await _cluster.AnnotationAsync("db", SyncAnnotations.RolloutPending) is null
            && (await Task.WhenAll(names.Select(n => w.CompleteAsync("deployment", n)))).All(c => c), "every app rolled", ct);
        await w.RolledOutAsync(1, ct, deployments);
        await _cluster.IdleAsync(ct);
        Assert.Equal(2, watch.MaxInProgress);
        Assert.Equal(10, _cluster.Metric("deployment", "triggered"));
        Assert.Equal(8, (await _cluster.EventsAsync(RestartReporter.Waiting)).Count); // once each, not once per pass
        Assert.Single(await _cluster.EventsAsync(RestartReporter.Triggered, "db"));
    }
}
