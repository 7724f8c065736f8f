using Syncer.Doubles.Vault;
using Syncer.Tests.Vault.Support;
using Syncer.Vault;

namespace Syncer.Tests.Vault;

/// <summary>Only KV mounts are read (PRODUCT.md section 2): any other engine is refused from its mount lookup, before a read.</summary>
public sealed class VaultClientMountTypeTests
{
    private const string Lookups = "sys/internal/ui/mounts/";

    private static async Task<VaultHarness> StartWithEnginesAsync(CancellationToken ct)
    {
        var h = await VaultHarness.StartAsync(ct);
        foreach (var type in new[] { "database", "transit", "pki", "aws" })
        {
            h.Vault.EnableMount(new VaultMount(type, type));
        }

        h.Vault.AddDatabaseRole("database", "app");
        return h;
    }

    /// <summary>Requests that touched <paramref name="mount"/> other than the mount lookups (which live under sys/ too).</summary>
    private static long ReadsUnder(VaultHarness h, string mount) =>
        h.Vault.Requests.CountWhere((_, route) => route.StartsWith(mount + "/", StringComparison.Ordinal) && !route.StartsWith(Lookups, StringComparison.Ordinal));

    [Theory(Timeout = 30_000)]
    [InlineData("database/creds/app", "database", "database")]
    [InlineData("transit/keys/orders", "transit", "transit")]
    [InlineData("pki/cert/ca", "pki", "pki")]
    [InlineData("aws/creds/deploy", "aws", "aws")]
    [InlineData("sys/mounts", "sys", "system")]
    [InlineData("cubbyhole/notes", "cubbyhole", "cubbyhole")]
    [InlineData("identity/entity/name/bob", "identity", "identity")]
    public async Task Read_OnANonKvMount_IsRefusedBeforeAnyReadNamingTheMountAndItsType(string path, string mount, string type)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartWithEnginesAsync(ct);
        var client = h.CreateClient();

        var e = await Assert.ThrowsAsync<VaultMountNotKvException>(() => client.ReadKeyValueAsync(path, cancellationToken: ct));
        var fresh = await Assert.ThrowsAsync<VaultMountNotKvException>(() => client.ReadKeyValueAsync(path, null, fresh: true, ct));

        Assert.Equal((mount, type), (e.MountPath, e.MountType));
        Assert.Contains($"'{mount}/'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{type}'", e.Message, StringComparison.Ordinal);
        Assert.Equal(e.Message, fresh.Message);
        Assert.Equal(0, ReadsUnder(h, mount));
        Assert.Equal(0, h.Vault.IssuedDatabaseCredentials);
        Assert.Equal(1, h.CountPrefix(Lookups)); // the second read knew the mount already
    }

    [Fact(Timeout = 30_000)]
    public async Task ResolveMount_TellsPathTypeAndKvVersion_WithoutReadingAnyData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartWithEnginesAsync(ct);
        h.Vault.EnableKv("team/kv", 2);
        var client = h.CreateClient();

        var mounts = new List<SecretsEngineMount>();
        foreach (var path in new[] { "secret/shop/db", "kv/flat", "team/kv/shop/db", "database/creds/app", "/sys/policy/x" })
        {
            mounts.Add(await client.ResolveMountAsync(path, cancellationToken: ct));
        }

        SecretsEngineMount[] expected =
            [new("secret", "kv", 2), new("kv", "kv", 1), new("team/kv", "kv", 2), new("database", "database", null), new("sys", "system", null)];
        Assert.Equal(expected, mounts);
        Assert.Equal([true, true, true, false, false], mounts.Select(m => m.IsKv));
        Assert.Equal(h.Vault.Requests.Total - 1, h.CountPrefix(Lookups)); // the login's lookup-self, else only lookups
        Assert.Equal(0, h.Vault.IssuedDatabaseCredentials);
    }

    /// <summary>
    /// Defence in depth: a mount disabled and enabled again as another type while the client knew it as KV. The one
    /// read it makes is refused on the answer's mount_type (its data dropped) and the mount is looked up again, so no
    /// further read reaches it. That one credential is the residual cost of caching mounts for the process's life.
    /// </summary>
    [Fact(Timeout = 30_000)]
    public async Task Read_OfAMountReplacedByAnotherType_IsRefusedOnTheAnswer_AndLookedUpAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.EnableMount(VaultMount.Kv("team", 1));
        h.Vault.WriteSecret("team", "creds/app", new Dictionary<string, object?> { ["password"] = "p" });
        var client = h.CreateClient();
        await client.ReadKeyValueAsync("team/creds/app", cancellationToken: ct);

        h.Vault.DisableMount("team");
        h.Vault.EnableMount(new VaultMount("team", "database"));
        h.Vault.AddDatabaseRole("team", "app");
        h.Time.Advance(TimeSpan.FromSeconds(5)); // past the single-flight window
        var onTheAnswer = await Assert.ThrowsAsync<VaultMountNotKvException>(() => client.ReadKeyValueAsync("team/creds/app", cancellationToken: ct));
        var onTheLookup = await Assert.ThrowsAsync<VaultMountNotKvException>(() => client.ReadKeyValueAsync("team/creds/app", cancellationToken: ct));

        Assert.Equal(("team", "database"), (onTheAnswer.MountPath, onTheAnswer.MountType));
        Assert.Equal(("team", "database"), (onTheLookup.MountPath, onTheLookup.MountType));
        Assert.Equal(1, h.Vault.IssuedDatabaseCredentials);
        Assert.Equal(2, h.Count("GET", "team/creds/app"));
        Assert.Equal(2, h.CountPrefix(Lookups + "team/"));
        Assert.DoesNotContain("password", onTheAnswer.Message, StringComparison.Ordinal);
    }
}
