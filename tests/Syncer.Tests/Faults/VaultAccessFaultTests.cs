using Syncer.Doubles.Vault;

namespace Syncer.Tests.Faults;

/// <summary>
/// The fault matrix, Vault answering but not with the data (issue 12): the token expired mid-run, 403, the path
/// deleted, the version destroyed, the mount disabled. A 404 is never "Vault has no keys": nothing is removed.
/// </summary>
public sealed class VaultAccessFaultTests
{
    [Fact(Timeout = 120_000)]
    public async Task TokenExpiredMidRun_KeepsTheData_ReportsIt_AndANewTokenInTheFileRecovers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);

        await FaultScenarios.VaultFaultAsync(bench,
            () =>
            {
                // Vault Agent writes a short-lived token and the old one is revoked: Syncer moves to the new one, which
                // then expires with nothing newer in the file.
                var old = File.ReadAllText(bench.TokenFile);
                bench.IssueToken(TimeSpan.FromSeconds(3), renewable: false);
                bench.Vault.RevokeToken(old);
            },
            () => bench.IssueToken(TimeSpan.FromHours(1)),
            FaultReport.SyncFailed("vault_denied", errorFragment: "Vault denied reading"), ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Vault403_KeepsTheData_ReportsIt_AndRecoversWhenThePolicyGrantsAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);

        await FaultScenarios.VaultFaultAsync(bench,
            () => bench.Vault.PutPolicy("syncer", new PolicyRule($"{bench.Mount}/data/elsewhere/*", "read")),
            () => bench.Vault.PutPolicy("syncer", new PolicyRule($"{bench.Mount}/data/*", "read")),
            FaultReport.SyncFailed("vault_denied", errorFragment: "Vault denied reading"), ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task PathDeletedInVault_KeepsTheData_ReportsSourceMissing_AndRecoversWhenWrittenAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = bench.Vault.Address };
        http.DefaultRequestHeaders.Add("X-Vault-Token", bench.Vault.RootToken);

        await FaultScenarios.VaultFaultAsync(bench,
            () => http.DeleteAsync($"/v1/{bench.Mount}/metadata/{FaultBench.VaultPath}", ct).GetAwaiter().GetResult().EnsureSuccessStatusCode(),
            bench.RestoreVault,
            FaultReport.SyncFailed("source_missing", "SourceMissing", "does not exist in Vault"), ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task VersionDestroyed_KeepsTheData_ReportsSourceMissing_AndRecoversFromTheNextVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct);

        await FaultScenarios.VaultFaultAsync(bench,
            () => bench.Vault.DestroyVersions(bench.Mount, FaultBench.VaultPath, 1), bench.RestoreVault,
            FaultReport.SyncFailed("source_missing", "SourceMissing", "is destroyed in Vault"), ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task MountDisabled_KeepsTheData_ReportsSourceMissing_AndRecoversWhenEnabledAndWrittenAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bench = await FaultBench.StartAsync(ct, mount: "apps");

        await FaultScenarios.VaultFaultAsync(bench,
            () => bench.Vault.DisableMount("apps"),
            () =>
            {
                bench.Vault.EnableMount(VaultMount.Kv("apps", 2));
                bench.RestoreVault();
            },
            FaultReport.SyncFailed("source_missing|vault_denied", "SourceMissing|SyncFailed", "KV mount serves"), ct);
    }
}
