namespace Syncer.Tests.Faults;

/// <summary>
/// The fault matrix, Kubernetes refusing or delaying Syncer's writes while a Vault change waits to be written (issue
/// 12): a 409 storm, 429, 5xx (writes and the informer's list and watch), a slow write. The old data stays whole until
/// the new data lands whole, in one write, and shop/web rolls once for it. The refused write is reported by the
/// metric, the log line and a Warning Event; not by the error annotation, which a refused Secret write cannot carry.
/// </summary>
public sealed class KubernetesWriteFaultTests
{
    private static FaultReport WriteRefused => FaultReport.SyncFailed("kubernetes_error");

    [Fact(Timeout = 120_000)]
    public async Task ConflictStorm_KeepsTheOldDataUntilTheChangeLandsOnce_AndReportsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);

        // 40 conflicts: several syncs in a row use up their bounded attempts (a GET and a 409 each) and fail.
        await FaultScenarios.KubernetesWriteFaultAsync(bench, () => bench.Api.Faults.ForceConflicts("secrets", 40), () => { },
            WriteRefused, FaultBench.RolloutsPerChange, ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Kubernetes429_KeepsTheOldDataUntilTheChangeLandsOnce_AndReportsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);

        await FaultScenarios.KubernetesWriteFaultAsync(bench, () => bench.Api.Faults.SetErrorRate("patch", "secrets", 1, 429), bench.Api.Faults.Clear,
            WriteRefused, FaultBench.RolloutsPerChange, ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Kubernetes5xx_OnWritesListsAndWatches_KeepsTheOldDataUntilTheChangeLandsOnce_AndReportsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);

        await FaultScenarios.KubernetesWriteFaultAsync(bench,
            () =>
            {
                bench.Api.Faults.SetErrorRate("*", "secrets", 1, 503);
                bench.Api.Faults.DropWatches(); // the informer's watch and list meet the 503s too
            },
            bench.Api.Faults.Clear, WriteRefused, FaultBench.RolloutsPerChange, ct);
        Assert.True(bench.Metrics.WatchRestartsTotal.WithLabels("secrets", "error").Value >= 1, "the informer never met the 503s");
    }

    [Fact(Timeout = 120_000)]
    public async Task SlowWrite_LandsOnce_WithNoFailureAndNoSecondWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);
        bench.Api.Faults.SetLatency("patch", "secrets", TimeSpan.FromSeconds(3)); // while it waits, 1 s refreshes fire

        var next = bench.WriteVault();
        await FaultScenarios.RecoveredAsync(bench, next, ct);
        bench.Api.Faults.Clear();

        FaultScenarios.AssertDataOnly(bench, [bench.Baseline, next]);
        await FaultScenarios.AssertQuietAfterRecoveryAsync(bench, FaultBench.RolloutsPerChange, ct);
        Assert.Equal(0, bench.Metrics.SyncFailuresTotal.WithLabels("kubernetes_error").Value);
        Assert.DoesNotContain(bench.Secrets.Of(FaultBench.SecretName), s => SecretVersions.Annotation(s, Syncer.Spec.SyncAnnotations.Error) is not null);
        await FaultScenarios.AssertNoLeaksAsync(bench, ct);
    }
}
