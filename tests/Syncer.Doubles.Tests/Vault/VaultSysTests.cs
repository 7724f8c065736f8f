using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultSysTests
{
    [Fact(Timeout = 10_000)]
    public async Task Health_Unsealed_Answers200WithoutAToken()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.SendAsync("GET", "sys/health", token: "");

        Assert.Equal(200, reply.Status);
        Assert.True(reply.Json["initialized"]!.GetValue<bool>());
        Assert.False(reply.Json["sealed"]!.GetValue<bool>());
        Assert.False(reply.Json["standby"]!.GetValue<bool>());
        Assert.Equal(VaultHarness.Start.ToUnixTimeSeconds(), reply.Json["server_time_utc"]!.GetValue<long>());
        Assert.NotNull(reply.Json["version"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task Sealed_EverythingButHealthAnswers503VaultIsSealed()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "v" });
        h.Vault.Sealed = true;

        var read = await h.GetAsync("secret/data/a");
        var login = await h.PostAsync("auth/approle/login", """{"role_id":"r","secret_id":"s"}""", token: "");
        var health = await h.GetAsync("sys/health");
        h.Vault.Sealed = false;
        var unsealed = await h.GetAsync("secret/data/a");

        Assert.Equal(503, read.Status);
        Assert.Equal("{\"errors\":[\"Vault is sealed\"]}\n", read.Body);
        Assert.Equal(503, login.Status);
        Assert.Equal(503, health.Status);
        Assert.True(health.Json["sealed"]!.GetValue<bool>());
        Assert.Equal(200, unsealed.Status);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("secret/data/shop/db", "secret/", "2")]
    [InlineData("kv/app", "kv/", "1")]
    public async Task PreflightMount_ReturnsTheMountEntryWithVersionString(string path, string mountPath, string version)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.GetAsync("sys/internal/ui/mounts/" + path);

        Assert.Equal(200, reply.Status);
        Assert.Equal(mountPath, reply.Json["data"]!["path"]!.GetValue<string>());
        Assert.Equal("kv", reply.Json["data"]!["type"]!.GetValue<string>());
        Assert.Equal(version, reply.Json["data"]!["options"]!["version"]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task PreflightMount_NoMountAndNoCapability_GiveTheSame403()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.PutPolicy("other", new PolicyRule("kv/*", "read"));
        var limited = h.Vault.CreateToken(new TokenSpec(["other"], TimeSpan.FromHours(1), TimeSpan.Zero));

        var noMount = await h.GetAsync("sys/internal/ui/mounts/nomount/abc");
        var noCapability = await h.GetAsync("sys/internal/ui/mounts/secret/abc", limited);

        Assert.Equal(403, noMount.Status);
        Assert.Equal(["preflight capability check returned 403, please ensure client's policies grant access to path \"nomount/abc/\""], noMount.Errors);
        Assert.Equal(403, noCapability.Status);
        Assert.Equal(["preflight capability check returned 403, please ensure client's policies grant access to path \"secret/abc/\""], noCapability.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task PreflightMount_WithAnyCapabilityUnderTheMount_Answers200()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.PutPolicy("shop", new PolicyRule("secret/data/shop/*", "read"));
        var limited = h.Vault.CreateToken(new TokenSpec(["shop"], TimeSpan.FromHours(1), TimeSpan.Zero));

        var reply = await h.GetAsync("sys/internal/ui/mounts/secret/shop/db", limited);

        Assert.Equal(200, reply.Status);
        Assert.Equal("secret/", reply.Json["data"]!["path"]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task PreflightMount_EmptyPath_Answers400PathNotSet()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.GetAsync("sys/internal/ui/mounts/");

        Assert.Equal(400, reply.Status);
        Assert.Equal(["path not set"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task Health_SealedCodeParameter_ChangesTheSealedStatus()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.Sealed = true;

        var reply = await h.GetAsync("sys/health?sealedcode=200");
        var head = await h.SendAsync("HEAD", "sys/health");

        Assert.Equal(200, reply.Status);
        Assert.True(reply.Json["sealed"]!.GetValue<bool>());
        Assert.Equal(503, head.Status);
        Assert.Equal("", head.Body);
    }
}
