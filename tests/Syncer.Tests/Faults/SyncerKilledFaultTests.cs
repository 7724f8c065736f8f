using k8s.Models;
using Syncer.Chaos;
using Syncer.Chaos.Leaks;
using Syncer.Spec;
using Syncer.Tests.Restart.Support;

namespace Syncer.Tests.Faults;

/// <summary>
/// The fault matrix, Syncer killed (SIGKILL) between the Secret write and the workload patch (issue 12, PRODUCT.md
/// promise 4): the real binary, started as the chaos run starts it, with a debounce so long that the window between
/// the two is wide open when the kill comes; then started again with no debounce. The Secret's rollout-pending mark
/// is the only memory of the rollout owed, and it is enough: each consumer rolls exactly once, the data stays whole.
/// </summary>
public sealed class SyncerKilledFaultTests
{
    private const string StatefulSet = "db";

    [Fact(Timeout = 240_000)]
    public async Task KilledBetweenTheSecretWriteAndTheWorkloadPatch_TheNextStartRollsEachConsumerOnce_AndTheDataStaysWhole()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartWorldAsync(ct);
        var workloads = new WorkloadHelper(bench.Client);
        await workloads.StatefulSetAsync(StatefulSet, new V1PodSpec
        {
            Containers = [new V1Container { Name = "db", Image = "db:1" }],
            Volumes = [new V1Volume { Name = "app", Secret = new V1SecretVolumeSource { SecretName = FaultBench.SecretName } }],
        });
        var settings = SyncerProcess.Settings(bench.Api, bench.VaultGate.Address, bench.TokenFile, bench.Directory);
        settings["Syncer__Sync__MinimumRefresh"] = "00:00:01"; // the bench's Secret refreshes every second
        await using var syncer = new SyncerProcess(Install.SyncerProcess.SyncerDll, settings, bench.Directory);

        // Before the kill: the change is written and its rollout marked pending, held back by a 10-minute debounce.
        syncer.Start(new Dictionary<string, string> { ["Syncer__Restart__Debounce"] = "00:10:00" });
        await bench.FilledAsync(ct);
        var next = bench.WriteVault();
        await Eventually.HoldsAsync(() => bench.Secrets.Latest(FaultBench.SecretName) is { } s
                && SecretVersions.SameData(SecretVersions.Managed(s), next) && SecretVersions.Annotation(s, SyncAnnotations.RolloutPending) == "2",
            "the change is written with rollout-pending 2", ct, TimeSpan.FromSeconds(60));
        await bench.WavesAsync(2, ct); // the window stays open: two more waves, and no patch
        Assert.Equal((0L, 0L), (await workloads.RolloutsAsync("deployment", FaultBench.Workload), await workloads.RolloutsAsync("statefulset", StatefulSet)));
        await syncer.KillAsync(ct);
        var versionsAtKill = bench.Secrets.Of(FaultBench.SecretName).Count;
        Assert.Null(await workloads.RolledForAsync("deployment", FaultBench.Workload));

        // The next start: nothing in memory, only the mark on the Secret.
        syncer.Start(new Dictionary<string, string> { ["Syncer__Restart__Debounce"] = "00:00:00" });
        await workloads.RolledOutAsync(1, ct, $"deployment/{FaultBench.Workload}", $"statefulset/{StatefulSet}");
        await Eventually.HoldsAsync(() => bench.Secrets.Latest(FaultBench.SecretName) is { } s && SecretVersions.Annotation(s, SyncAnnotations.RolloutPending) is null,
            "the rollout-pending mark is removed", ct, TimeSpan.FromSeconds(60));
        await bench.WavesAsync(3, ct);

        Assert.Equal((1L, 1L), (await workloads.RolloutsAsync("deployment", FaultBench.Workload), await workloads.RolloutsAsync("statefulset", StatefulSet)));
        Assert.Equal(("app=2", "app=2"), (await workloads.RolledForAsync("deployment", FaultBench.Workload), await workloads.RolledForAsync("statefulset", StatefulSet)));
        FaultScenarios.AssertDataOnly(bench, [bench.Baseline, next]);
        var afterKill = bench.Secrets.Of(FaultBench.SecretName).Skip(versionsAtKill).ToList();
        Assert.True(afterKill.Count == 1, $"the restarted Syncer wrote the Secret {afterKill.Count} times; only the pending mark's removal was owed");
        Assert.True(bench.Api.UnchangedWrites.Total == 0, "writes that changed nothing: " + string.Join(", ", bench.Api.UnchangedWrites.Snapshot()));
        var events = await bench.EventsAsync(ct);
        Assert.Single(events, e => e.Reason == "RestartTriggered" && e.InvolvedObject.Kind == "Secret");
        Assert.Single(events, e => e.Reason == "RestartTriggered" && e.InvolvedObject.Name == FaultBench.Workload);
        Assert.Single(events, e => e.Reason == "RestartTriggered" && e.InvolvedObject.Name == StatefulSet);

        var metrics = await syncer.ScrapeMetricsAsync(ct);
        await syncer.StopAsync(ct);
        await AssertNoLeaksAsync(bench, syncer, metrics, ct);
    }

    /// <summary>Both starts' logs (JSON, Trace), the metrics, the Events, every Secret version's metadata, the workloads: no value.</summary>
    private static async Task AssertNoLeaksAsync(FaultBench bench, SyncerProcess syncer, string? metrics, CancellationToken ct)
    {
        var logs = syncer.LogFiles.SelectMany(file => File.ReadLines(file).Select((line, i) => ($"{Path.GetFileName(file)}:{i + 1}", line))).ToList();
        Assert.NotNull(metrics);
        var texts = logs.Concat(await ClusterTexts.ReadAsync(bench.Client, ct)).Concat(bench.Secrets.MetadataTexts()).Append(("metrics", metrics));

        var hits = new LeakScanner(bench.Values.Issued).Scan(texts).ToList();

        Assert.True(logs.Count >= 100 && logs.Any(l => l.Item2.Contains("\"LogLevel\":\"Trace\"", StringComparison.Ordinal)),
            $"only {logs.Count} log lines, or none at Trace: too little to prove anything");
        Assert.True(hits.Count == 0, "secret values leaked: " + string.Join("; ", hits.Take(10)));
    }
}
