using Syncer.Restart;
using Syncer.Spec;
using Syncer.Tests.Restart.Support;
using static Syncer.Tests.Restart.Support.PodSpecs;

namespace Syncer.Tests.Restart;

/// <summary>
/// The whole product against the doubles with the workload controllers: a changed Secret rolls every workload that
/// consumes it, each once, whatever the way its pod template names the Secret, and nothing else (issue 9).
/// </summary>
public sealed class RolloutConsumersTests : IAsyncLifetime
{
    private RolloutCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await RolloutCluster.StartAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task AValueChange_RollsEachConsumerOnce_ThroughEveryReferenceForm_AndLeavesTheOthersAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        var w = _cluster.Workloads;
        string[] consumers =
        [
            "deployment/env-key", "deployment/env-from", "deployment/init-env-from", "deployment/volume", "deployment/projected",
            "deployment/ephemeral-env-key", "statefulset/sts-env-from", "daemonset/ds-volume",
        ];
        string[] others = ["deployment/other-secret", "deployment/no-secret"];
        await _cluster.WriteVaultAsync("db", "v1");
        await _cluster.WriteVaultAsync("other", "o1");
        await w.DeploymentAsync("env-key", EnvKey("db"));
        await w.DeploymentAsync("env-from", EnvFrom("db"), replicas: 2);
        await w.DeploymentAsync("init-env-from", InitEnvFrom("db"));
        await w.DeploymentAsync("volume", Volume("db"));
        await w.DeploymentAsync("projected", Projected("db"));
        await w.DeploymentAsync("ephemeral-env-key", EphemeralEnvKey("db"));
        await w.StatefulSetAsync("sts-env-from", EnvFrom("db"));
        await w.DaemonSetAsync("ds-volume", Volume("db"));
        await w.DeploymentAsync("other-secret", EnvFrom("other"));
        await w.DeploymentAsync("no-secret", Nothing());
        await _cluster.StartSyncerAsync();
        await _cluster.CreateSecretAsync("db");
        await _cluster.CreateSecretAsync("other", (SyncAnnotations.Refresh, "1h"));
        await _cluster.SyncedAsync("db", "v1", revision: 1, ct);
        await w.RolledOutAsync(0, ct, [.. consumers, .. others]);

        await _cluster.WriteVaultAsync("db", "v2");

        await _cluster.SyncedAsync("db", "v2", revision: 2, ct);
        await _cluster.NotPendingAsync("db", ct);
        await w.RolledOutAsync(1, ct, consumers);
        await _cluster.IdleAsync(ct);
        foreach (var consumer in consumers)
        {
            Assert.Equal(1, await w.RolloutsAsync(consumer.Split('/')[0], consumer.Split('/')[1]));
            Assert.Equal("db=2", await w.RolledForAsync(consumer.Split('/')[0], consumer.Split('/')[1]));
        }

        foreach (var other in others)
        {
            Assert.Equal(0, await w.RolloutsAsync("deployment", other.Split('/')[1]));
        }

        var onSecret = Assert.Single(await _cluster.EventsAsync(RestartReporter.Triggered, "db"));
        Assert.All(consumers, c => Assert.Contains(c, onSecret.Message, StringComparison.Ordinal));
        Assert.DoesNotContain("v2", onSecret.Message, StringComparison.Ordinal);
        Assert.Equal(consumers.Length, (await _cluster.EventsAsync(RestartReporter.Triggered)).Count(e => e.InvolvedObject.Kind != "Secret"));
        Assert.Equal(6, _cluster.Metric("deployment", "triggered"));
        Assert.Equal(1, _cluster.Metric("statefulset", "triggered"));
        Assert.Equal(1, _cluster.Metric("daemonset", "triggered"));
    }

    [Fact(Timeout = 120_000)]
    public async Task RestartPolicies_None_AnExplicitList_AndAWorkloadThatOptedOut_BehaveAsWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        var w = _cluster.Workloads;
        foreach (var secret in new[] { "listed", "quiet", "shared" })
        {
            await _cluster.WriteVaultAsync(secret, "v1");
        }

        await w.DeploymentAsync("api", Nothing());                       // named by "listed", consumes nothing
        await w.DeploymentAsync("web", EnvFrom("listed"));               // consumes "listed", not named by it
        await w.DeploymentAsync("quiet-app", EnvFrom("quiet"));          // consumes a Secret with restart none
        await w.DeploymentAsync("opted-out", EnvFrom("shared"), annotations: new() { [SyncAnnotations.WorkloadRestart] = "false" });
        await w.DeploymentAsync("shared-app", EnvFrom("shared"));
        string[] all = ["deployment/api", "deployment/web", "deployment/quiet-app", "deployment/opted-out", "deployment/shared-app"];
        await w.RolledOutAsync(0, ct, all);
        await _cluster.StartSyncerAsync();
        await _cluster.CreateSecretAsync("listed", (SyncAnnotations.Restart, "deployment/api,statefulset/missing"));
        await _cluster.CreateSecretAsync("quiet", (SyncAnnotations.Restart, "none"));
        await _cluster.CreateSecretAsync("shared");
        foreach (var secret in new[] { "listed", "quiet", "shared" })
        {
            await _cluster.SyncedAsync(secret, "v1", 1, ct);
        }

        foreach (var secret in new[] { "listed", "quiet", "shared" })
        {
            await _cluster.WriteVaultAsync(secret, "v2");
        }

        foreach (var secret in new[] { "listed", "quiet", "shared" })
        {
            await _cluster.SyncedAsync(secret, "v2", 2, ct);
            await _cluster.NotPendingAsync(secret, ct);
        }

        await w.RolledOutAsync(1, ct, "deployment/api", "deployment/shared-app");
        await _cluster.IdleAsync(ct);
        Assert.Equal(0, await w.RolloutsAsync("deployment", "web"));
        Assert.Equal(0, await w.RolloutsAsync("deployment", "quiet-app"));
        Assert.Equal(0, await w.RolloutsAsync("deployment", "opted-out"));
        Assert.Equal(2, _cluster.Api.Requests.Count("patch", "deployments"));
        var missing = Assert.Single(await _cluster.EventsAsync(RestartReporter.Failed, "listed"));
        Assert.Equal("Warning", missing.Type);
        Assert.Contains("statefulset/missing", missing.Message, StringComparison.Ordinal);
        Assert.Contains("deployment/api", missing.Message, StringComparison.Ordinal);
        Assert.Empty(await _cluster.EventsAsync(RestartReporter.Triggered, "quiet"));
        // Three first fills, three rotations, and one status write each for "listed" and "shared": "quiet" was never marked.
        Assert.Equal(3 + 3 + 2, _cluster.Api.Requests.Count("patch", "secrets"));
    }
}
