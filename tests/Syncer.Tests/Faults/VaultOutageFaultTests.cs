namespace Syncer.Tests.Faults;

/// <summary>The fault matrix, Vault unavailable (issue 12): sealed, 429, 5xx, connection refused, a read slower than the timeout.</summary>
public sealed class VaultOutageFaultTests
{
    [Fact(Timeout = 120_000)]
    public async Task VaultSealed_KeepsTheData_ReportsIt_AndRecoversWithoutANeedlessWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);

        await FaultScenarios.VaultFaultAsync(bench, () => bench.Vault.Sealed = true, () => bench.Vault.Sealed = false,
            FaultReport.SyncFailed("vault_unavailable", errorFragment: "Vault is sealed"), ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Vault429WithRetryAfter_IsRetriedAfterTheWait_ThenKeepsTheData_ReportsIt_AndRecovers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);

        await FaultScenarios.VaultFaultAsync(bench,
            () => bench.Vault.Faults.FailNext(100_000, 429, retryAfter: "1", pathPrefix: $"{bench.Mount}/data/"), bench.Vault.Faults.Clear,
            FaultReport.SyncFailed("vault_error", errorFragment: "Vault answered 429"), ct);
        Assert.True(bench.Metrics.VaultRetriesTotal.WithLabels("429").Value >= 1, "429s were not retried");
    }

    [Theory(Timeout = 120_000)]
    [InlineData(500, "vault_error", "Vault answered 500")]
    [InlineData(502, "vault_error", "Vault answered 502")]
    [InlineData(503, "vault_unavailable", "Vault is sealed")] // Vault's 503 body says "Vault is sealed"
    public async Task Vault5xx_KeepsTheData_ReportsIt_AndRecoversWithoutANeedlessWrite(int status, string reason, string error)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);

        await FaultScenarios.VaultFaultAsync(bench,
            () => bench.Vault.Faults.FailNext(100_000, status, pathPrefix: $"{bench.Mount}/data/"), bench.Vault.Faults.Clear,
            FaultReport.SyncFailed(reason, errorFragment: error), ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task VaultConnectionRefused_KeepsTheData_ReportsIt_AndRecoversWithoutANeedlessWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);

        await FaultScenarios.VaultFaultAsync(bench, bench.VaultGate.Refuse, bench.VaultGate.Admit,
            FaultReport.SyncFailed("vault_unavailable", errorFragment: "Vault is unreachable"), ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task VaultReadSlowerThanTheTimeout_KeepsTheData_ReportsIt_AndRecoversWithoutANeedlessWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct); // Vault:RequestTimeout is 2 s

        await FaultScenarios.VaultFaultAsync(bench,
            () => bench.Vault.Faults.DelayNext(100_000, TimeSpan.FromSeconds(30), $"{bench.Mount}/data/"), bench.Vault.Faults.Clear,
            FaultReport.SyncFailed("vault_unavailable", errorFragment: "Vault is unreachable"), ct);
    }
}
