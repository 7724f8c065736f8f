using System.Text;
using k8s;
using k8s.Models;
using Syncer.Spec;

namespace Syncer.Tests.Faults;

/// <summary>
/// The fault matrix, the Secret watch (issue 12): dropped mid-stream, and expired (410, the history compacted). What
/// changed meanwhile is synced once; what did not is not written again.
/// </summary>
public sealed class WatchFaultTests
{
    [Fact(Timeout = 120_000)]
    public async Task WatchDroppedMidStream_EverySecretCreatedAroundTheDropIsFilledOnce_AndNothingElseIsWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);
        var names = Enumerable.Range(0, 12).Select(i => $"burst-{i}").ToList();
        var values = names.ToDictionary(n => n, n => bench.Values.Next(n));
        foreach (var name in names)
        {
            bench.Vault.WriteSecret(bench.Mount, $"shop/{name}", new Dictionary<string, object?> { ["value"] = values[name] });
        }

        var appVersions = bench.Secrets.Of(FaultBench.SecretName).Count;
        var creates = names.Select(async (name, i) =>
        {
            if (i == names.Count / 2)
            {
                bench.Api.Faults.DropWatches(); // while events of the first creates are on their way
            }

            await bench.Client.CoreV1.CreateNamespacedSecretAsync(FaultBench.ManagedSecret(name, $"{bench.Mount}/shop/{name}"), FaultBench.Namespace, cancellationToken: ct);
        });
        await Task.WhenAll(creates);

        await FaultScenarios.ReportedAsync(bench, FaultReport.WatchRestarted("closed", 101), ct);
        await Eventually.HoldsAsync(() => names.All(n => Filled(bench, n, values[n])), "every new Secret is filled", ct, TimeSpan.FromSeconds(30));
        await FaultScenarios.AssertQuietAfterRecoveryAsync(bench, 0, ct);
        foreach (var name in names)
        {
            Assert.Single(bench.Secrets.Of(name), s => s.Metadata.Annotations.ContainsKey(SyncAnnotations.ManagedKeys)); // filled in one write, never again
        }

        Assert.Equal(appVersions, bench.Secrets.Of(FaultBench.SecretName).Count);
        await FaultScenarios.AssertNoLeaksAsync(bench, ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task WatchExpired410_ReListsOnce_RepairsTheHandEditMadeInTheGap_AndWritesNothingElse()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);
        var quiet = bench.Values.Next("quiet");
        bench.Vault.WriteSecret(bench.Mount, "shop/quiet", new Dictionary<string, object?> { ["value"] = quiet });
        await bench.Client.CoreV1.CreateNamespacedSecretAsync(FaultBench.ManagedSecret("quiet", $"{bench.Mount}/shop/quiet"), FaultBench.Namespace, cancellationToken: ct);
        await Eventually.HoldsAsync(() => Filled(bench, "quiet", quiet), "the second Secret is filled", ct);
        bench.Api.Faults.SetErrorRate("watch", "secrets", 1, 503); // hold the informer off while the gap is made

        bench.Api.Faults.ExpireWatches();
        var edit = new V1Patch("""{"data":{"password":"aGFuZC1lZGl0"}}""", V1Patch.PatchType.MergePatch); // hand-edit
        await bench.Client.CoreV1.PatchNamespacedSecretAsync(edit, FaultBench.SecretName, FaultBench.Namespace, cancellationToken: ct);
        var afterEdit = bench.Secrets.Of(FaultBench.SecretName).Count + 1;
        var quietVersions = bench.Secrets.Of("quiet").Count;
        bench.Api.Faults.Clear();

        await FaultScenarios.ReportedAsync(bench, FaultReport.WatchRestarted("expired", 102), ct);
        await FaultScenarios.RecoveredAsync(bench, bench.Baseline, ct);
        // The repair changes the Secret's data back (a new revision): shop/web rolls once for it, as for any change.
        await FaultScenarios.AssertQuietAfterRecoveryAsync(bench, FaultBench.RolloutsPerChange, ct);
        Assert.Equal(afterEdit + 2, bench.Secrets.Of(FaultBench.SecretName).Count); // the edit, one repair, the pending mark's removal
        Assert.Equal(quietVersions, bench.Secrets.Of("quiet").Count);
        await FaultScenarios.AssertNoLeaksAsync(bench, ct);
    }

    private static bool Filled(FaultBench bench, string name, string value) =>
        bench.Secrets.Latest(name) is { } s && SecretVersions.Managed(s).TryGetValue("value", out var v) && Encoding.UTF8.GetString(v) == value;
}
