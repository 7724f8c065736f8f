using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Syncer.Doubles.Tests.Vault;

/// <summary>GET sys/mounts and sys/mounts/&lt;path&gt; (vault-api.md §8; V:vault/logical_system.go mountInfo, http/sys_mount_test.go).</summary>
public sealed partial class VaultMountsListTests
{
    [Fact(Timeout = 10_000)]
    public async Task List_DevMode_ShowsEveryMountWithTypeAndOptions()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await VaultCli.ListAsync(h);

        Assert.Equal(200, reply.Status);
        var data = reply.Json["data"]!.AsObject();
        Assert.Equal(["cubbyhole/", "identity/", "kv/", "secret/", "sys/"], data.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["cubbyhole", "identity", "kv", "kv", "system"],
            new[] { "cubbyhole/", "identity/", "kv/", "secret/", "sys/" }.Select(p => data[p]!["type"]!.GetValue<string>()));
        Assert.Equal("""{"version":"2"}""", data["secret/"]!["options"]!.ToJsonString());
        Assert.Equal("""{"version":"1"}""", data["kv/"]!["options"]!.ToJsonString());
        Assert.Null(data["sys/"]!["options"]);
        Assert.True(data["sys/"]!["seal_wrap"]!.GetValue<bool>());
        Assert.True(data["cubbyhole/"]!["local"]!.GetValue<bool>());
        Assert.Equal("system", reply.Json["mount_type"]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task List_Entry_HasMountInfoShapeWithKeysSorted()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var secret = (await VaultCli.ListAsync(h)).Json["data"]!["secret/"]!;

        var accessor = secret["accessor"]!.GetValue<string>();
        var uuid = secret["uuid"]!.GetValue<string>();
        Assert.Matches(AccessorShape(), accessor);
        Assert.True(Guid.TryParse(uuid, out _));
        Assert.StartsWith("kv_", accessor, StringComparison.Ordinal);
        Assert.Equal(
            $$"""{"accessor":"{{accessor}}","config":{"default_lease_ttl":0,"force_no_cache":false,"max_lease_ttl":0},"deprecation_status":"supported","description":"key/value secret storage","external_entropy_access":false,"local":false,"options":{"version":"2"},"plugin_version":"","running_plugin_version":"v0.18.0+builtin","running_sha256":"","seal_wrap":false,"type":"kv","uuid":"{{uuid}}"}""",
            secret.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact(Timeout = 10_000)]
    public async Task List_RepeatsEveryMountAtTheTopLevelBeforeTheEnvelope()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await VaultCli.ListAsync(h);

        var keys = reply.Json.AsObject().Select(kv => kv.Key).ToArray();
        Assert.Equal(["cubbyhole/", "identity/", "kv/", "secret/", "sys/", "request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"], keys);
        foreach (var (path, entry) in reply.Json["data"]!.AsObject())
        {
            Assert.Equal(entry!.ToJsonString(), reply.Json[path]!.ToJsonString());
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task List_AfterEnable_ShowsTheNewMountsWithTheirAccessorPrefixes()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        await VaultCli.EnableAsync(h, "team", "kv", version: 2);
        await VaultCli.EnableAsync(h, "database", "database");

        var data = (await VaultCli.ListAsync(h)).Json["data"]!;

        Assert.Equal("""{"version":"2"}""", data["team/"]!["options"]!.ToJsonString());
        Assert.StartsWith("kv_", data["team/"]!["accessor"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("database", data["database/"]!["type"]!.GetValue<string>());
        Assert.Equal("{}", data["database/"]!["options"]!.ToJsonString());
        Assert.StartsWith("database_", data["database/"]!["accessor"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("v1.17.0+builtin.vault", data["database/"]!["running_plugin_version"]!.GetValue<string>());
        Assert.NotEqual(data["team/"]!["accessor"]!.ToString(), data["secret/"]!["accessor"]!.ToString());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("sys/mounts/secret", "secret/")]
    [InlineData("sys/mounts/secret/data/shop/db", "secret/")]
    [InlineData("sys/mounts/sys", "sys/")]
    public async Task Read_OneMount_AnswersItsEntryForAnyPathUnderIt(string path, string mount)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var listed = (await VaultCli.ListAsync(h)).Json["data"]![mount]!.ToJsonString();

        var reply = await h.GetAsync(path);

        Assert.Equal(200, reply.Status);
        Assert.Equal(listed, reply.Json["data"]!.ToJsonString());
        Assert.Equal(reply.Json["type"]!.ToJsonString(), reply.Json["data"]!["type"]!.ToJsonString());
    }

    [Fact(Timeout = 10_000)]
    public async Task Read_NoMount_Answers400NoSecretEngineMount()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.GetAsync("sys/mounts/nothing");

        Assert.Equal(400, reply.Status);
        Assert.Equal(["No secret engine mount at nothing/"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task List_WithListVerb_Is405FromTheSystemBackend()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.SendAsync("LIST", "sys/mounts");

        Assert.Equal(405, reply.Status);
        Assert.Equal(["1 error occurred:\n\t* unsupported operation\n\n"], reply.Errors);
    }

    [GeneratedRegex("^[a-z]+_[0-9a-f]{8}$")]
    private static partial Regex AccessorShape();
}
