using Syncer.Doubles.Vault;
using Syncer.Tests.Vault.Support;

namespace Syncer.Tests.Vault;

/// <summary>Gentle on Vault: identical reads share one request (PRODUCT.md §3 promise 6).</summary>
public sealed class VaultClientSingleFlightTests
{
    [Fact(Timeout = 30_000)]
    public async Task FiftyConcurrentReads_OfOnePath_MakeExactlyOneHttpRead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p" });
        var client = h.CreateClient(s => s.SingleFlightWindow = TimeSpan.Zero); // only concurrency may share here
        await client.ReadKeyValueAsync("secret/warm/up", cancellationToken: ct).ContinueWith(_ => { }, ct); // login + preflight
        h.Vault.Faults.Latency = TimeSpan.FromSeconds(1); // hold the one read in the double until the clock moves

        var reads = Enumerable.Range(0, 50).Select(_ => client.ReadKeyValueAsync("secret/shop/db", cancellationToken: ct)).ToList();
        await Eventually.HoldsAsync(() => h.Metrics.VaultReadsSharedTotal.Value >= 49, "49 reads to join the first", ct);
        await Eventually.HoldsAsync(() => h.Time.DueTimes.Contains(TimeSpan.FromSeconds(1)), "the double to hold the read", ct);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(reads);

        Assert.All(results, r => Assert.Equal("p", r.Data["password"].GetString()));
        Assert.Equal(1, h.Count("GET", "secret/data/shop/db"));
        Assert.Equal(49, h.Metrics.VaultReadsSharedTotal.Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reads_WithinTheWindow_ReuseTheAnswer_AndAfterItReadAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v1" });
        var client = h.CreateClient(s => s.SingleFlightWindow = TimeSpan.FromSeconds(2));

        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v2" });
        h.Time.Advance(TimeSpan.FromSeconds(1.5));
        var reused = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        h.Time.Advance(TimeSpan.FromSeconds(0.5));
        var fresh = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.Equal("v1", reused.Data["k"].GetString());
        Assert.Equal("v2", fresh.Data["k"].GetString());
        Assert.Equal(2, h.Count("GET", "secret/data/app"));
    }

    [Fact(Timeout = 30_000)]
    public async Task FreshRead_WithinTheWindow_GoesToVaultAndSeesTheChange()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v1" });
        var client = h.CreateClient(s => s.SingleFlightWindow = TimeSpan.FromSeconds(2));
        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v2" });

        var forced = await client.ReadKeyValueAsync("secret/app", version: null, fresh: true, ct);

        Assert.Equal("v2", forced.Data["k"].GetString());
        Assert.Equal(2, h.Count("GET", "secret/data/app"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Reads_OfDifferentVersions_AreNotShared()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "one" });
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "two" });
        var client = h.CreateClient();

        var pinned = await client.ReadKeyValueAsync("secret/app", 1, ct);
        var latest = await client.ReadKeyValueAsync("secret/app", null, ct);

        Assert.Equal(("one", 1), (pinned.Data["k"].GetString(), pinned.Version));
        Assert.Equal(("two", 2), (latest.Data["k"].GetString(), latest.Version));
        Assert.Equal(2, h.Count("GET", "secret/data/app"));
    }

    /// <summary>The steady-state figure of the issue: after the first read, each read is one HTTP request, no more.</summary>
    [Fact(Timeout = 30_000)]
    public async Task SteadyState_EachRead_IsExactlyOneHttpRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.AddAppRole("role-1", "secret-1", new TokenSpec(["reader"], TimeSpan.FromHours(1), TimeSpan.FromHours(24)));
        h.ReaderToken();
        for (var i = 0; i < 10; i++)
        {
            h.Vault.WriteSecret("secret", $"apps/{i}", new Dictionary<string, object?> { ["k"] = i });
        }

        using var files = new TempFiles();
        var client = h.CreateClient(auth: new Syncer.Vault.Auth.AppRoleAuthMethodInfo(files.Write("role_id", "role-1"), files.Write("secret_id", "secret-1")));
        await client.ReadKeyValueAsync("secret/apps/0", cancellationToken: ct); // first read: login + preflight + read
        var before = h.Vault.Requests.Total;

        for (var i = 1; i < 10; i++)
        {
            await client.ReadKeyValueAsync($"secret/apps/{i}", cancellationToken: ct);
        }

        Assert.Equal(9, h.Vault.Requests.Total - before);
        Assert.Equal(9, h.CountPrefix("secret/data/apps/") - 1);
        Assert.Equal(1, h.Vault.SuccessfulLogins);
    }
}
