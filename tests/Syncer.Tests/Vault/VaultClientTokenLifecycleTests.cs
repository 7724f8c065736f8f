using Syncer.Doubles.Vault;
using Syncer.Tests.Vault.Support;
using Syncer.Vault;
using Syncer.Vault.Auth;

namespace Syncer.Tests.Vault;

/// <summary>One shared token: renewed before expiry, replaced at max TTL or when not renewable; all on the fake clock.</summary>
public sealed class VaultClientTokenLifecycleTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private VaultClient AppRoleClient(VaultHarness h, TimeSpan ttl, TimeSpan maxTtl, bool renewable = true)
    {
        h.ReaderToken(); // the "reader" policy
        h.Vault.AddAppRole("role-1", "secret-1", new TokenSpec(["reader"], ttl, maxTtl, renewable));
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        return h.CreateClient(s => s.KvVersions["secret"] = 2, new AppRoleAuthMethodInfo(_files.Write("role_id", "role-1"), _files.Write("secret_id", "secret-1")));
    }

    [Fact(Timeout = 30_000)]
    public async Task Token_IsRenewedBeforeItExpires_AndReadsGoOnWithoutALogin()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = AppRoleClient(h, TimeSpan.FromSeconds(60), TimeSpan.FromHours(1));

        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        var sleep = await h.Time.WaitForTimerAsync(0, ct);
        h.Time.Advance(sleep);
        await Eventually.HoldsAsync(() => h.Count("POST", "auth/token/renew-self") == 1, "a renewal", ct);
        await h.Time.WaitForTimerAsync(1, ct);            // the watcher has planned the next renewal
        h.Time.Advance(TimeSpan.FromSeconds(30));         // now past the first lease's expiry
        var after = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.InRange(sleep, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(44)); // 2/3 of 60 s plus a third of 10–20% grace
        Assert.Equal("v", after.Data["k"].GetString());
        Assert.Equal(1, h.Vault.SuccessfulLogins);
        Assert.Equal(1, h.Metrics.VaultTokenRenewalsTotal.WithLabels("success").Value);
        Assert.InRange(h.Metrics.VaultTokenExpirySeconds.Value, 1, 60);
    }

    [Fact(Timeout = 30_000)]
    public async Task Token_AtMaxTtl_IsReplacedByAFreshLoginBeforeItExpires()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = AppRoleClient(h, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(90));

        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        var elapsed = await h.DriveAsync(Task.CompletedTask, ct, until: () => h.Vault.SuccessfulLogins == 2);
        await Eventually.HoldsAsync(() => h.Time.NextDue() is not null, "the new token's watcher", ct);
        h.Time.Advance(TimeSpan.FromSeconds(95) - elapsed); // the first token is dead by now
        var after = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.True(elapsed < TimeSpan.FromSeconds(90), $"fresh login at {elapsed}, after the max TTL");
        Assert.True(h.Count("POST", "auth/token/renew-self") >= 1);
        Assert.Equal("v", after.Data["k"].GetString());
        // The jump to 95 s may land on the second token's first renewal late enough (its grace is random, 10-20 %) that
        // the watcher finds it near its own max TTL and logs in once more, by design: so 2 logins, or 3, never more.
        Assert.InRange(h.Vault.SuccessfulLogins, 2, 3);
        Assert.Equal(0, h.Metrics.VaultLoginsTotal.WithLabels("approle", "failure").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Token_NotRenewable_IsReplacedByALoginBeforeItExpires()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = AppRoleClient(h, TimeSpan.FromSeconds(60), TimeSpan.Zero, renewable: false);

        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        var elapsed = await h.DriveAsync(Task.CompletedTask, ct, until: () => h.Vault.SuccessfulLogins == 2);

        Assert.InRange(elapsed, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(44));
        Assert.Equal(0, h.Count("POST", "auth/token/renew-self"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Token_WhenRenewalKeepsFailing_IsReplacedByALoginWithinTheGracePeriod()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = AppRoleClient(h, TimeSpan.FromSeconds(60), TimeSpan.FromHours(1));
        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        h.Vault.Faults.FailNext(100, 500, pathPrefix: "auth/token/renew-self");

        var elapsed = await h.DriveAsync(Task.CompletedTask, ct, until: () => h.Vault.SuccessfulLogins == 2);

        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"fresh login at {elapsed}, after expiry");
        Assert.Equal(1, h.Metrics.VaultTokenRenewalsTotal.WithLabels("failure").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task ConcurrentFirstReads_ShareOneLogin()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = AppRoleClient(h, TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        for (var i = 0; i < 20; i++)
        {
            h.Vault.WriteSecret("secret", $"p/{i}", new Dictionary<string, object?> { ["k"] = i });
        }

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.ReadKeyValueAsync($"secret/p/{i}", cancellationToken: ct)));

        Assert.Equal(1, h.Vault.SuccessfulLogins);
        Assert.Equal(20, h.CountPrefix("secret/data/p/"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Kubernetes_LogsInWithTheJwtFile_AndReadsItAgainAtTheNextLogin()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.ReaderToken();
        var issued = new TokenSpec(["reader"], TimeSpan.FromSeconds(60), TimeSpan.Zero, Renewable: false);
        h.Vault.AddKubernetesRole("syncer", "jwt-one", issued);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var jwtFile = _files.Write("token", "jwt-one");
        var client = h.CreateClient(auth: new KubernetesAuthMethodInfo("syncer", jwtFile));

        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        _files.Write("token", "jwt-two");                    // the kubelet rotated the projected token
        h.Vault.AddKubernetesRole("syncer", "jwt-two", issued); // and only the new one is valid now
        await h.DriveAsync(Task.CompletedTask, ct, until: () => h.Vault.SuccessfulLogins == 2);

        Assert.Equal(2, h.Count("POST", "auth/kubernetes/login"));
        Assert.Equal(0, h.Metrics.VaultLoginsTotal.WithLabels("kubernetes", "failure").Value);
    }

    [Fact(Timeout = 90_000)]
    public async Task YearLongToken_IsStillRenewed_TheWatcherWaitsBeyondTaskDelaysLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = AppRoleClient(h, TimeSpan.FromDays(365), TimeSpan.Zero); // Task.Delay alone refuses more than ~49.7 days

        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        var waited = await h.DriveAsync(Task.CompletedTask, ct, until: () => h.Count("POST", "auth/token/renew-self") == 1);

        Assert.InRange(waited, TimeSpan.FromDays(240), TimeSpan.FromDays(270)); // about two thirds of the year, with grace
    }

    [Fact(Timeout = 30_000)]
    public async Task FailingLogin_UnderABurstOfReads_IsTriedOnceNotOncePerRead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        using var files = new TempFiles();
        // No AppRole is registered with the double: every login is refused.
        var client = h.CreateClient(s => s.KvVersions["secret"] = 2, new AppRoleAuthMethodInfo(files.Write("role_id", "unknown"), files.Write("secret_id", "nope")));

        var reads = Enumerable.Range(0, 20).Select(i => client.ReadKeyValueAsync($"secret/apps/{i}", cancellationToken: ct)).ToList();
        foreach (var read in reads)
        {
            await Assert.ThrowsAnyAsync<VaultApiException>(() => read);
        }

        // The readers queued behind the one login share its failure instead of each asking Vault again.
        Assert.Equal(1, h.Count("POST", "auth/approle/login"));
        Assert.Equal(0, h.CountPrefix("secret/data/"));
    }
}
