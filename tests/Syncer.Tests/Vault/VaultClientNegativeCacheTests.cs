using Syncer.Doubles.Vault;
using Syncer.Tests.Vault.Support;
using Syncer.Vault;

namespace Syncer.Tests.Vault;

/// <summary>
/// A missing path or mount is remembered for NegativeCacheDuration (default 30 s): junk paths and Secret retries cost
/// one request per path per duration. A fresh read asks Vault at once; an outage is never remembered as "missing".
/// </summary>
public sealed class VaultClientNegativeCacheTests
{
    private const string Lookups = "sys/internal/ui/mounts/";

    [Theory(Timeout = 30_000)]
    [InlineData("secret/never/written", typeof(VaultSecretNotFoundException))]
    [InlineData("secret/destroyed", typeof(VaultSecretDeletedException))]
    [InlineData("kv/never/written", typeof(VaultSecretNotFoundException))]
    [InlineData("gone/app", typeof(VaultRouteNotFoundException))]
    public async Task MissingPath_CostsOneRequestPerDuration_HoweverOftenItIsRetried(string path, Type missing)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "destroyed", new Dictionary<string, object?> { ["k"] = "v" });
        h.Vault.DestroyVersions("secret", "destroyed", 1);
        h.Vault.EnableMount(VaultMount.Kv("gone", 1));
        var client = h.CreateClient();
        await client.ResolveMountAsync(path, cancellationToken: ct); // the mount is known (then "gone" is disabled: no route)
        h.Vault.DisableMount("gone");
        long ForThePath() => h.Vault.Requests.CountWhere((_, route) => route != "auth/token/lookup-self"); // reads or lookups
        var before = ForThePath();

        var first = await Record.ExceptionAsync(() => client.ReadKeyValueAsync(path, cancellationToken: ct));
        for (var retry = 0; retry < 5; retry++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(5)); // Secret retries, each past the single-flight window
            Assert.IsType(missing, await Record.ExceptionAsync(() => client.ReadKeyValueAsync(path, cancellationToken: ct)));
        }

        var within = ForThePath() - before;
        h.Time.Advance(TimeSpan.FromSeconds(5)); // 30 s after the first read
        await Record.ExceptionAsync(() => client.ReadKeyValueAsync(path, cancellationToken: ct));

        Assert.IsType(missing, first);
        Assert.Equal(1, within);
        Assert.Equal(2, ForThePath() - before); // the read again (for the vanished mount: its lookup again)
    }

    [Fact(Timeout = 30_000)]
    public async Task FreshRead_AsksVaultDespiteARememberedMiss_AndItsSuccessIsSeenByLaterReads()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = h.CreateClient(s => s.SingleFlightWindow = TimeSpan.Zero);
        await Assert.ThrowsAsync<VaultSecretNotFoundException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "now-there" });

        var remembered = await Record.ExceptionAsync(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));
        var forced = await client.ReadKeyValueAsync("secret/app", version: null, fresh: true, ct);
        var after = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.IsType<VaultSecretNotFoundException>(remembered);
        Assert.Equal(("now-there", "now-there"), (forced.Data["k"].GetString(), after.Data["k"].GetString()));
        Assert.Equal(3, h.Count("GET", "secret/data/app")); // the miss, the fresh read, the read after it
    }

    [Fact(Timeout = 30_000)]
    public async Task MountLookupRefused_IsRememberedPerPath_AndAFreshResolveAsksAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = h.CreateClient();

        for (var retry = 0; retry < 3; retry++)
        {
            await Assert.ThrowsAsync<VaultForbiddenException>(() => client.ReadKeyValueAsync("nomount/app", cancellationToken: ct));
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        await Assert.ThrowsAsync<VaultForbiddenException>(() => client.ReadKeyValueAsync("nomount/other", cancellationToken: ct));
        var beforeFresh = h.CountPrefix(Lookups);
        await Assert.ThrowsAsync<VaultForbiddenException>(() => client.ResolveMountAsync("nomount/app", fresh: true, ct));
        h.Vault.EnableMount(VaultMount.Kv("nomount", 2));
        h.Vault.WriteSecret("nomount", "app", new Dictionary<string, object?> { ["k"] = "v" });
        h.Time.Advance(TimeSpan.FromSeconds(30));
        var read = await client.ReadKeyValueAsync("nomount/app", cancellationToken: ct);

        Assert.Equal(2, beforeFresh); // one per path, not one per retry
        Assert.Equal(2 + 1 + 1, h.CountPrefix(Lookups));
        Assert.Equal("v", read.Data["k"].GetString());
    }

    [Theory(Timeout = 30_000)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Outage_IsNeverRememberedAsMissing(int status)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var client = h.CreateClient(s => s.Retry.MaxAttempts = 1);
        await client.ResolveMountAsync("secret/app", cancellationToken: ct);
        h.Vault.Faults.FailNext(1, status, pathPrefix: "secret/data/");
        h.Vault.Faults.FailNext(1, status, pathPrefix: Lookups);

        await Assert.ThrowsAnyAsync<VaultApiException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));
        await Assert.ThrowsAnyAsync<VaultApiException>(() => client.ResolveMountAsync("kv/app", cancellationToken: ct));
        var read = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        var mount = await client.ResolveMountAsync("kv/app", cancellationToken: ct);

        Assert.Equal("v", read.Data["k"].GetString());
        Assert.Equal(new SecretsEngineMount("kv", "kv", 1), mount);
        Assert.Equal(2, h.Count("GET", "secret/data/app"));
    }

    [Fact(Timeout = 30_000)]
    public async Task AfterAWaveOfReads_TheClientHoldsNothing_OnceTheirTimesPass()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        for (var i = 0; i < 10; i++)
        {
            h.Vault.WriteSecret("secret", $"apps/{i}", new Dictionary<string, object?> { ["k"] = i });
        }

        var client = h.CreateClient();
        var paths = Enumerable.Range(0, 20).Select(i => $"secret/apps/{i}").Append("kv/none").Append("nomount/x");
        await Task.WhenAll(paths.Select(p => Record.ExceptionAsync(() => client.ReadKeyValueAsync(p, cancellationToken: ct)).AsTask()));
        var held = client.CachedEntries;

        h.Time.Advance(TimeSpan.FromSeconds(2));  // the single-flight window: the shared answers leave
        var afterWindow = client.CachedEntries;
        h.Time.Advance(TimeSpan.FromSeconds(28)); // the negative-cache duration: the misses leave

        Assert.Equal(10 + 10 + 1 + 1, held);      // 10 answers, 10 + 1 misses, 1 refused lookup
        Assert.Equal(10 + 1 + 1, afterWindow);
        Assert.Equal(0, client.CachedEntries);    // without any of those keys asked for again
    }
}
