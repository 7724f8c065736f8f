using Syncer.Benchmarks;
using Syncer.Benchmarks.Scenarios;

namespace Syncer.Tests.Benchmarks;

/// <summary>
/// `make bench --quick` inside `make test`: the real Syncer binary against the sandbox at a small size. Only counts
/// are asserted (PRODUCT.md section 7: Vault reads = distinct paths, no Kubernetes writes or reads on a steady
/// wave, each consuming workload rolled exactly once, every new Secret written, no Secret named in /metrics); never
/// a time.
/// </summary>
public sealed class QuickBenchTests
{
    [Fact(Timeout = 900_000)]
    public async Task QuickBench_EveryCountCheckHolds()
    {
        var output = Path.Combine(Path.GetTempPath(), "syncer-bench-quick-" + Guid.NewGuid().ToString("N")[..8]);
        var rows = await BenchRunner.RunAsync(BenchOptions.QuickSize(output), TestContext.Current.CancellationToken);

        var checks = rows.SelectMany(r => r.Checks.Select(c => $"{r.Scenario}: {c}")).ToList();
        Assert.True(rows.All(r => r.Checks.All(c => c.Passed)), string.Join("\n", checks));
        Assert.Equal(
            ["cold start", "steady wave (full refresh, no change)", "rotation of 10% of paths", "burst of 40 new during a full refresh"],
            rows.Where(r => r.Checks.Count > 0).Select(r => r.Scenario));
        Assert.Contains(checks, c => c.Contains("steady wave", StringComparison.Ordinal) && c.Contains("Kubernetes Secret writes: expected 0, got 0", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Contains("consuming workloads rolled exactly once: expected 10, got 10", StringComparison.Ordinal));
        Directory.Delete(output, recursive: true);
    }
}
