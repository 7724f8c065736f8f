using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests.Vault;

/// <summary>POST sys/mounts/&lt;path&gt; as `vault secrets enable` sends it (V:vault/logical_system.go handleMount, V:vault/mount.go).</summary>
public sealed class VaultMountsEnableTests
{
    [Fact(Timeout = 10_000)]
    public async Task Enable_KvVersion2_Answers204AndServesKvV2ThereWithPreflightVersion2()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var enable = await VaultCli.EnableAsync(h, "team", "kv", version: 2);
        var preflight = await h.GetAsync("sys/internal/ui/mounts/team/app");
        var write = await h.PostAsync("team/data/app", """{"data":{"k":"v"},"options":{}}""");
        var read = await h.GetAsync("team/data/app");

        Assert.Equal(204, enable.Status);
        Assert.Equal("", enable.Body);
        Assert.Equal("team/", preflight.Json["data"]!["path"]!.GetValue<string>());
        Assert.Equal("2", preflight.Json["data"]!["options"]!["version"]!.GetValue<string>());
        Assert.Equal(200, write.Status);
        Assert.Equal("""{"k":"v"}""", read.Json["data"]!["data"]!.ToJsonString());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("kv-v2", "2", 2)]
    [InlineData("kv-v1", "1", 1)]
    public async Task Enable_KvAlias_IsTypeKvWithTheVersionOption(string type, string option, int version)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        await VaultCli.EnableAsync(h, "team", type);
        var entry = (await VaultCli.ListAsync(h)).Json["data"]!["team/"]!;
        h.Vault.WriteSecret("team", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var v1Read = await h.GetAsync("team/app");

        Assert.Equal("kv", entry["type"]!.GetValue<string>());
        Assert.Equal(option, entry["options"]!["version"]!.GetValue<string>());
        Assert.Equal(version == 1 ? 200 : 404, v1Read.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task Enable_Twice_Answers400PathIsAlreadyInUse()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        await VaultCli.EnableAsync(h, "team", "kv", version: 2);
        h.Vault.WriteSecret("team", "app", new Dictionary<string, object?> { ["k"] = "v" });

        var again = await VaultCli.EnableAsync(h, "team", "kv", version: 2);

        Assert.Equal(400, again.Status);
        Assert.Equal("{\"errors\":[\"path is already in use at team/\"]}\n", again.Body);
        Assert.Equal("""{"k":"v"}""", h.Vault.ReadSecretJson("team", "app"));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("secret/inner", "secret/")]
    [InlineData("team", "team/kv/")]
    [InlineData("secret", "secret/")]
    public async Task Enable_InsideOrAroundAMount_Answers400NamingTheMountInUse(string path, string inUse)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        await VaultCli.EnableAsync(h, "team/kv", "kv");

        var reply = await VaultCli.EnableAsync(h, path, "transit");

        Assert.Equal(400, reply.Status);
        Assert.Equal([$"path is already in use at {inUse}"], reply.Errors);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("sys/mine", "cannot mount \"sys/mine/\"")]
    [InlineData("auth/x", "cannot mount \"auth/x/\"")]
    [InlineData("audit", "cannot mount \"audit/\"")]
    [InlineData("cubbyhole", "cannot mount \"cubbyhole/\"")]
    [InlineData("identity/x", "cannot mount \"identity/x/\"")]
    public async Task Enable_ReservedPath_Answers400CannotMount(string path, string error)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await VaultCli.EnableAsync(h, path, "kv");

        Assert.Equal(400, reply.Status);
        Assert.Equal([error], reply.Errors);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("""{"type":"nope"}""", "plugin not found in the catalog: nope")]
    [InlineData("""{"description":"no type"}""", "backend type must be specified as a string")]
    [InlineData("""{"type":"system"}""", "mount type of \"system\" is not mountable")]
    [InlineData("""{"type":"transit","options":{"version":"2"}}""", "secrets engine \"transit\" does not allow setting a version")]
    [InlineData("""{"type":"kv","options":{"version":"3"}}""", "nil backend of type \"kv\" returned from creation function")]
    [InlineData("""{"type":"plugin"}""", "plugin_name must be provided for plugin backend")]
    [InlineData("""{"type":"kv","config":{"default_lease_ttl":"2h","max_lease_ttl":"1h"}}""", "given default lease TTL greater than given max lease TTL")]
    [InlineData("""{"type":"kv","config":{"default_lease_ttl":"800h"}}""", "given default lease TTL greater than system max lease TTL of 2764800")]
    [InlineData("""{"type":"kv","config":{"default_lease_ttl":"abc"}}""", "unable to parse default TTL of abc: strconv.ParseInt: parsing \"abc\": invalid syntax")]
    public async Task Enable_InvalidRequest_Answers400WithVaultsMessage(string body, string error)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.PostAsync("sys/mounts/new", body);
        var listed = (await VaultCli.ListAsync(h)).Json["data"]!.AsObject().ContainsKey("new/");

        Assert.Equal(400, reply.Status);
        Assert.Equal([error], reply.Errors);
        Assert.False(listed);
    }

    [Fact(Timeout = 10_000)]
    public async Task Enable_UnknownTypeAtAPathInUse_ReportsTheConflictFirst()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.PostAsync("sys/mounts/secret", """{"type":"nope"}""");

        Assert.Equal(["path is already in use at secret/"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task Enable_WithConfig_KeepsTtlsDescriptionAndFlags()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        await h.PostAsync("sys/mounts/prod/secret", """{"type":"kv","description":"prod","config":{"default_lease_ttl":"35m","max_lease_ttl":2700},"local":true,"seal_wrap":true,"options":{"version":"1"}}""");
        var entry = (await VaultCli.ListAsync(h)).Json["data"]!["prod/secret/"]!;

        Assert.Equal("""{"default_lease_ttl":2100,"force_no_cache":false,"max_lease_ttl":2700}""", entry["config"]!.ToJsonString());
        Assert.Equal("prod", entry["description"]!.GetValue<string>());
        Assert.True(entry["local"]!.GetValue<bool>());
        Assert.True(entry["seal_wrap"]!.GetValue<bool>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Options_PreMountedMounts_AreThereAtStart()
    {
        await using var h = await VaultHarness.StartAsync(
            TestContext.Current.CancellationToken, VaultMount.Kv("team", 2), new VaultMount("database", "database"), new VaultMount("pki", "pki"));

        var data = (await VaultCli.ListAsync(h)).Json["data"]!;

        Assert.Equal("2", data["team/"]!["options"]!["version"]!.GetValue<string>());
        Assert.Equal("database", data["database/"]!["type"]!.GetValue<string>());
        Assert.Equal("pki", data["pki/"]!["type"]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Options_ConflictingMount_FailsStartWithVaultsMessage()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            VaultDouble.StartAsync(new VaultDoubleOptions { Mounts = [VaultMount.Kv("secret/team", 2)] }, TestContext.Current.CancellationToken));

        Assert.Contains("path is already in use at secret/", e.Message, StringComparison.Ordinal);
    }
}
