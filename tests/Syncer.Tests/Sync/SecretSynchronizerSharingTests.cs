using Syncer.Policy;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;

namespace Syncer.Tests.Sync;

/// <summary>PRODUCT.md promise 6: one Vault read per distinct (path, version) per refresh interval.</summary>
public sealed class SecretSynchronizerSharingTests
{
    [Fact(Timeout = 60_000)]
    public async Task Sync_HundredSecretsInTenNamespacesOnOnePath_CostOneVaultReadPerInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        var namespaces = Enumerable.Range(0, 10).Select(i => $"team-{i}").ToArray();
        var policy = new PolicyOptions { Rules = [new TenancyRule { Namespaces = ["team-*"], Paths = ["secret/shared/*"] }] };
        await using var h = await SyncHarness.StartAsync(ct, policy, namespaces: namespaces);
        h.Vault.WriteSecret("secret", "shared/db", new Dictionary<string, object?> { ["pw"] = "shared-value" });
        var secrets = namespaces.SelectMany(ns => Enumerable.Range(0, 10).Select(i => (Ns: ns, Name: $"app-{i}"))).ToList();
        foreach (var (ns, name) in secrets)
        {
            await h.CreateSecretAsync(name, new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shared/db", [SyncAnnotations.Refresh] = "10m" }, ns: ns);
        }

        foreach (var (ns, name) in secrets)
        {
            await h.ObserveAsync(name, ns);
        }

        var first = await Task.WhenAll(secrets.Select(s => h.SyncObservedAsync(s.Name, s.Ns)));
        var writesAfterFill = h.SecretWrites;
        h.Time.Advance(TimeSpan.FromMinutes(10));
        foreach (var (ns, name) in secrets)
        {
            await h.ObserveAsync(name, ns); // the watch events of the first fill
        }

        var second = await Task.WhenAll(secrets.Select(s => h.SyncObservedAsync(s.Name, s.Ns)));

        Assert.All(first, r => Assert.Equal(SyncOutcome.Changed, r.Outcome));
        Assert.All(second, r => Assert.Equal(SyncOutcome.Unchanged, r.Outcome));
        Assert.Equal(2, h.VaultReads("secret/shared/db"));
        Assert.Equal(writesAfterFill, h.SecretWrites);
        Assert.Equal(198, h.Metrics.VaultReadsSharedTotal.Value);
    }
}
