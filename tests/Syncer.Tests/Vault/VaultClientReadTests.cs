using Syncer.Doubles.Vault;
using Syncer.Tests.Vault.Support;
using Syncer.Vault;
using Syncer.Vault.Auth;

namespace Syncer.Tests.Vault;

/// <summary>Reads through the real client over loopback HTTP against the Vault double.</summary>
public sealed class VaultClientReadTests
{
    [Fact(Timeout = 30_000)]
    public async Task ReadSecretAsync_OfAWrittenSecret_ReturnsDataAndMetadata()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["user"] = "app", ["port"] = 5432 });
        var client = h.CreateClient();

        var secret = await client.ReadSecretAsync("shop/db", mountPoint: "secret", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("app", secret.Data!.Data!["user"].GetString());
        Assert.Equal(5432, secret.Data.Data["port"].GetInt32());
        Assert.Equal(1, secret.Data.Metadata!.Version);
        Assert.Equal("", secret.Data.Metadata.DeletionTime);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadSecretAsync_WithAVersion_ReadsThatVersion()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "one" });
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "two" });
        var client = h.CreateClient();

        var old = await client.ReadSecretAsync("app", 1, "secret", TestContext.Current.CancellationToken);
        var current = await client.ReadSecretAsync("app", null, "secret", TestContext.Current.CancellationToken);

        Assert.Equal("one", old.Data!.Data!["k"].GetString());
        Assert.Equal("two", current.Data!.Data!["k"].GetString());
        Assert.Equal(2, current.Data.Metadata!.Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadKeyValueAsync_OnBothKvVersions_DetectsEachMountOnceAndReads()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a/one", new Dictionary<string, object?> { ["x"] = "1" });
        h.Vault.WriteSecret("secret", "a/two", new Dictionary<string, object?> { ["x"] = "2" });
        h.Vault.WriteSecret("kv", "flat", new Dictionary<string, object?> { ["y"] = "3" });
        var client = h.CreateClient(auth: TokenAuthMethodInfo.FromToken(h.ReaderToken()));

        var one = await client.ReadKeyValueAsync("secret/a/one", cancellationToken: TestContext.Current.CancellationToken);
        var two = await client.ReadKeyValueAsync("/secret/a/two", cancellationToken: TestContext.Current.CancellationToken);
        var flat = await client.ReadKeyValueAsync("kv/flat", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(("secret", "a/one", 1, "1"), (one.Mount, one.Path, one.Version, one.Data["x"].GetString()));
        Assert.Equal("2", two.Data["x"].GetString());
        Assert.Equal(("kv", "flat", (int?)null, "3"), (flat.Mount, flat.Path, flat.Version, flat.Data["y"].GetString()));
        Assert.Equal(2, h.CountPrefix("sys/internal/ui/mounts/"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ConcurrentFirstReads_OfTenPathsUnderOneMount_DetectTheMountOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        for (var i = 0; i < 10; i++)
        {
            h.Vault.WriteSecret("secret", $"team/app-{i}", new Dictionary<string, object?> { ["x"] = $"{i}" });
        }

        var client = h.CreateClient();

        var reads = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.ReadKeyValueAsync($"secret/team/app-{i}", cancellationToken: ct)));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{i}"), reads.Select(r => r.Data["x"].GetString()));
        Assert.Equal(1, h.CountPrefix("sys/internal/ui/mounts/"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadKeyValueAsync_WithAKvVersionOverride_SkipsDetection()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var client = h.CreateClient(s => s.KvVersions["secret"] = 2);

        var secret = await client.ReadKeyValueAsync("secret/app", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("v", secret.Data["k"].GetString());
        Assert.Equal(0, h.CountPrefix("sys/internal/ui/mounts/"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadKeyValueAsync_OfAMissingPath_ThrowsVaultSecretNotFoundException()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var client = h.CreateClient();

        await Assert.ThrowsAsync<VaultSecretNotFoundException>(() => client.ReadKeyValueAsync("secret/nothing/here", cancellationToken: TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<VaultSecretNotFoundException>(() => client.ReadKeyValueAsync("kv/nothing", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadKeyValueAsync_OfADeletedOrDestroyedVersion_ThrowsDeletedAndTellsWhich(bool destroy)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "gone", new Dictionary<string, object?> { ["k"] = "v" });
        if (destroy)
        {
            h.Vault.DestroyVersions("secret", "gone", 1);
        }
        else
        {
            h.Vault.DeleteVersions("secret", "gone", 1);
            h.Time.Advance(TimeSpan.FromSeconds(1)); // a deletion time is "in the past" only once the clock moves on
        }

        var client = h.CreateClient();

        var e = await Assert.ThrowsAsync<VaultSecretDeletedException>(() => client.ReadKeyValueAsync("secret/gone", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(destroy, e.Destroyed);
        Assert.Equal(1, e.Metadata.Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadSecretAsync_OnAnUnmountedPath_ThrowsVaultRouteNotFoundException()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var client = h.CreateClient();

        await Assert.ThrowsAsync<VaultRouteNotFoundException>(() => client.ReadSecretAsync("app", mountPoint: "nomount", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadSecretV1Async_OnAKvV2Mount_ThrowsVaultRouteNotFoundException()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var client = h.CreateClient();

        var e = await Assert.ThrowsAsync<VaultRouteNotFoundException>(() => client.ReadSecretV1Async("app", "secret", TestContext.Current.CancellationToken));

        Assert.Contains(e.ApiWarnings, w => w.Contains("versioned", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadKeyValueAsync_DeniedByPolicy_ThrowsForbiddenOnceWithoutLoggingInAgain()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "team-b/db", new Dictionary<string, object?> { ["k"] = "v" });
        h.Vault.PutPolicy("team-a", new PolicyRule("secret/data/team-a/*", "read"));
        var token = h.Vault.CreateToken(new TokenSpec(["team-a"], TimeSpan.Zero, TimeSpan.Zero));
        var client = h.CreateClient(s => s.KvVersions["secret"] = 2, TokenAuthMethodInfo.FromToken(token));

        await Assert.ThrowsAsync<VaultForbiddenException>(() => client.ReadKeyValueAsync("secret/team-b/db", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1, h.Count("GET", "secret/data/team-b/db"));
        Assert.Equal(1, h.Metrics.VaultLoginsTotal.WithLabels("token", "success").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadKeyValueAsync_WhenTheMountPreflightIsDenied_ThrowsVaultForbiddenException()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.PutPolicy("secret-only", new PolicyRule("secret/*", "read"));
        var token = h.Vault.CreateToken(new TokenSpec(["secret-only"], TimeSpan.Zero, TimeSpan.Zero));
        var client = h.CreateClient(auth: TokenAuthMethodInfo.FromToken(token));

        var e = await Assert.ThrowsAsync<VaultForbiddenException>(() => client.ReadKeyValueAsync("kv/app", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(e.ApiErrors, m => m.Contains("preflight", StringComparison.Ordinal));
        Assert.Equal(0, h.Count("GET", "kv/app"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadSecretMetadataAndPaths_OnKvV2_ReturnVersionsAndKeys()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "apps/a", new Dictionary<string, object?> { ["k"] = "1" });
        h.Vault.WriteSecret("secret", "apps/a", new Dictionary<string, object?> { ["k"] = "2" });
        h.Vault.WriteSecret("secret", "apps/sub/b", new Dictionary<string, object?> { ["k"] = "3" });
        var client = h.CreateClient();

        var metadata = await client.ReadSecretMetadataAsync("apps/a", "secret", TestContext.Current.CancellationToken);
        var list = await client.ReadSecretPathsAsync("apps", "secret", TestContext.Current.CancellationToken);

        Assert.Equal(2, metadata.Data!.CurrentVersion);
        Assert.Equal(["1", "2"], metadata.Data.Versions!.Keys.Order());
        Assert.Equal(["a", "sub/"], list.Data!.Keys.Order());
    }
}
