using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Prometheus;
using Syncer.Chaos.Leaks;
using Syncer.Spec;

namespace Syncer.Tests.Faults;

/// <summary>
/// The shape every fault of the matrix is checked against (issue 12): during the fault the Secret's data stays byte
/// for byte what it was, the fault is reported (<see cref="FaultReport"/>), and once it clears Syncer recovers with no
/// needless write (every Secret version differs in data or in a status annotation, no write leaves the object as it
/// was, waves after recovery write nothing) and no needless rollout. Then nothing Syncer emitted holds a secret value.
/// </summary>
internal static class FaultScenarios
{
    private static string App => FaultBench.SecretName;

    /// <summary>A Vault fault: Syncer cannot read, so it must keep the data, say so, and write nothing but the error and its removal.</summary>
    public static async Task VaultFaultAsync(FaultBench bench, Action inject, Action clear, FaultReport report, CancellationToken ct)
    {
        var metrics = bench.Metrics;
        inject();
        await ReportedAsync(bench, report, ct);
        var failed = metrics.SyncsTotal.WithLabels("failed");
        var seen = failed.Value;
        await Eventually.HoldsAsync(() => failed.Value > seen, "the fault is met again by the next sync", ct, TimeSpan.FromSeconds(30));
        clear();

        await RecoveredAsync(bench, bench.Baseline, ct);
        AssertDataOnly(bench, [bench.Baseline]);
        await AssertQuietAfterRecoveryAsync(bench, rollouts: 0, ct);
        await AssertNoLeaksAsync(bench, ct);
    }

    /// <summary>A Kubernetes fault met while writing a Vault change: the old data stays until the change lands whole, once.</summary>
    public static async Task KubernetesWriteFaultAsync(FaultBench bench, Action inject, Action clear, FaultReport report, int rollouts, CancellationToken ct)
    {
        inject();
        var next = bench.WriteVault();
        await ReportedAsync(bench, report, ct);
        clear();

        await RecoveredAsync(bench, next, ct);
        AssertDataOnly(bench, [bench.Baseline, next]);
        await AssertQuietAfterRecoveryAsync(bench, rollouts, ct);
        await AssertNoLeaksAsync(bench, ct);
    }

    /// <summary>Each face of <paramref name="report"/> shows: the metric, the log line, the Event, the annotation.</summary>
    public static async Task ReportedAsync(FaultBench bench, FaultReport report, CancellationToken ct)
    {
        var within = TimeSpan.FromSeconds(30);
        await Eventually.HoldsAsync(() => report.Metric(bench.Metrics) >= 1, report.MetricName, ct, within);
        await Eventually.HoldsAsync(() => bench.Logs.GetSnapshot().Any(r => r.Id.Id == report.LogEventId && r.Message.Contains(report.LogMentions, StringComparison.Ordinal)),
            $"log event {report.LogEventId} about {report.LogMentions}", ct, within);
        if (report.EventReason is { } reason)
        {
            await Eventually.HoldsAsync(async () => (await bench.EventsAsync(ct)).Any(e => reason.Split('|').Contains(e.Reason) && e.InvolvedObject.Name == App && e.Type == "Warning"),
                $"a Warning Event {reason} on the Secret", ct, within);
        }

        if (report.ErrorFragment is { } fragment)
        {
            await Eventually.HoldsAsync(() => bench.Secrets.Of(App).Any(s => SecretVersions.Annotation(s, SyncAnnotations.Error)?.Contains(fragment, StringComparison.Ordinal) == true),
                $"{SyncAnnotations.Error} saying '{fragment}'", ct, within);
        }
    }

    /// <summary>The Secret holds <paramref name="expected"/> and no error annotation.</summary>
    public static Task RecoveredAsync(FaultBench bench, IReadOnlyDictionary<string, byte[]> expected, CancellationToken ct) =>
        Eventually.HoldsAsync(
            () => bench.Secrets.Latest(App) is { } s && SecretVersions.Annotation(s, SyncAnnotations.Error) is null && SecretVersions.SameData(SecretVersions.Managed(s), expected),
            "recovery: the expected data and no error annotation", ct, TimeSpan.FromSeconds(30));

    /// <summary>
    /// Every version of the Secret held a whole data set of <paramref name="allowed"/>, in that order (never back to an
    /// earlier one), and each differs from the one before in data or in a status annotation other than synced-at.
    /// </summary>
    public static void AssertDataOnly(FaultBench bench, IReadOnlyList<IReadOnlyDictionary<string, byte[]>> allowed)
    {
        var versions = bench.Secrets.Of(App).Where(v => v.Metadata.Annotations?.ContainsKey(SyncAnnotations.ManagedKeys) == true).ToList();
        Assert.Equal(0, bench.Secrets.Gaps);
        var stage = 0;
        V1Secret? previous = null;
        foreach (var version in versions)
        {
            var data = SecretVersions.Managed(version);
            var at = Enumerable.Range(stage, allowed.Count - stage).FirstOrDefault(i => SecretVersions.SameData(data, allowed[i]), -1);
            Assert.True(at >= 0, $"version {version.Metadata.ResourceVersion} held {SecretVersions.Describe(data)}, not a whole data set Vault held (in order)");
            stage = at;
            if (previous is not null)
            {
                Assert.True(SecretVersions.SameData(SecretVersions.Managed(previous), data) is false || StatusChanged(previous, version),
                    $"version {version.Metadata.ResourceVersion} was written without a change (only {SyncAnnotations.SyncedAt} or nothing Syncer owns moved)");
            }

            previous = version;
        }

        Assert.Equal(allowed.Count - 1, stage);
    }

    /// <summary>
    /// After recovery the rollouts owed are done (the Secret's rollout-pending mark is gone), then three more waves
    /// write nothing; no write ever left the object unchanged; shop/web rolled exactly as often as expected.
    /// </summary>
    public static async Task AssertQuietAfterRecoveryAsync(FaultBench bench, int rollouts, CancellationToken ct)
    {
        // The recorded watch can lag the server: the quiet window starts only once it holds the server's current
        // version, so a status write already made (the pending mark's removal) is not counted as a wave's write.
        await Eventually.HoldsAsync(async () => await bench.RolloutsAsync(ct) >= rollouts
                && bench.Secrets.Latest(App) is { } s && SecretVersions.Annotation(s, SyncAnnotations.RolloutPending) is null
                && s.Metadata.ResourceVersion == (await bench.Client.CoreV1.ReadNamespacedSecretAsync(App, FaultBench.Namespace, cancellationToken: ct)).Metadata.ResourceVersion,
            $"{rollouts} rollout(s) of {FaultBench.Namespace}/{FaultBench.Workload}, no rollout pending, the recorded versions caught up", ct, TimeSpan.FromSeconds(30));
        var versions = bench.Secrets.Of(App).Count;
        await bench.WavesAsync(3, ct);
        var all = bench.Secrets.Of(App);
        Assert.True(versions == all.Count, $"waves after recovery wrote the Secret again ({all.Count - versions} version(s)): "
            + string.Join("; ", all.Skip(versions - 1).Zip(all.Skip(versions)).Select(p => Changes(p.First, p.Second))));
        Assert.True(bench.Api.UnchangedWrites.Total == 0, "writes that changed nothing: " + string.Join(", ", bench.Api.UnchangedWrites.Snapshot()));
        Assert.Equal(rollouts, await bench.RolloutsAsync(ct));
    }

    /// <summary>What moved from one version to the next: the annotations that changed and whether the managed data did (never a value).</summary>
    private static string Changes(V1Secret before, V1Secret after)
    {
        IReadOnlyDictionary<string, string> a = before.Metadata.Annotations?.AsReadOnly() ?? new Dictionary<string, string>().AsReadOnly();
        IReadOnlyDictionary<string, string> b = after.Metadata.Annotations?.AsReadOnly() ?? new Dictionary<string, string>().AsReadOnly();
        var moved = a.Keys.Union(b.Keys).Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k)).Order(StringComparer.Ordinal)
            .Select(k => $"{k}: {a.GetValueOrDefault(k) ?? "(none)"} -> {b.GetValueOrDefault(k) ?? "(none)"}");
        var data = SecretVersions.SameData(SecretVersions.Managed(before), SecretVersions.Managed(after)) ? "" : " (managed data changed)";
        return $"@{after.Metadata.ResourceVersion} [{string.Join(", ", moved)}]{data}";
    }

    /// <summary>Syncer's logs (Trace), exception texts, Events, annotations over time, workloads and metrics hold no value.</summary>
    public static async Task AssertNoLeaksAsync(FaultBench bench, CancellationToken ct)
    {
        var records = bench.Logs.GetSnapshot();
        var logs = records.Select((r, i) => ($"log #{i} ({r.Category})", new StringBuilder()
            .AppendLine(r.Message).AppendLine(r.Exception?.ToString())
            .AppendJoin('\n', (r.StructuredState ?? []).Select(kv => $"{kv.Key}={kv.Value}"))
            .AppendJoin('\n', r.Scopes.Select(s => s?.ToString())).ToString()));
        using var exported = new MemoryStream();
        await bench.Host.Registry.CollectAndExportAsTextAsync(exported, ct);
        var texts = logs
            .Concat(await ClusterTexts.ReadAsync(bench.Client, ct))
            .Concat(bench.Secrets.MetadataTexts())
            .Append(("metrics", Encoding.UTF8.GetString(exported.ToArray())));

        var hits = new LeakScanner(bench.Values.Issued).Scan(texts).ToList();

        Assert.True(records.Count >= 50 && records.Any(r => r.Level == LogLevel.Trace), $"only {records.Count} log records: too little to prove anything: "
            + string.Join(", ", records.GroupBy(r => (r.Level, r.Category)).Select(g => $"{g.Key.Level} {g.Key.Category}: {g.Count()}")));
        Assert.True(hits.Count == 0, "secret values leaked: " + string.Join("; ", hits.Take(10)));
    }

    private static bool StatusChanged(V1Secret before, V1Secret after)
    {
        static IEnumerable<KeyValuePair<string, string>> Status(V1Secret s) =>
            (s.Metadata.Annotations ?? new Dictionary<string, string>()).Where(kv => kv.Key.StartsWith("syncer.io/", StringComparison.Ordinal) && kv.Key != SyncAnnotations.SyncedAt);

        return !Status(before).OrderBy(kv => kv.Key, StringComparer.Ordinal).SequenceEqual(Status(after).OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }
}
