using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests.Vault;

/// <summary>DELETE sys/mounts/&lt;path&gt; (handleUnmount) and the ACL on the sys/mounts endpoints.</summary>
public sealed class VaultMountsDisableTests
{
    [Fact(Timeout = 10_000)]
    public async Task Disable_MountWithData_ItsPathsAnswer404NoHandlerAfterwards()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        await VaultCli.EnableAsync(h, "team", "kv", version: 2);
        await h.PostAsync("team/data/app", """{"data":{"k":"v"}}""");
        var before = await h.GetAsync("team/data/app");

        var disable = await VaultCli.DisableAsync(h, "team");
        var read = await h.GetAsync("team/data/app");
        var metadata = await h.SendAsync("LIST", "team/metadata/");
        var preflight = await h.GetAsync("sys/internal/ui/mounts/team/app");
        var listed = (await VaultCli.ListAsync(h)).Json["data"]!.AsObject().ContainsKey("team/");

        Assert.Equal(200, before.Status);
        Assert.Equal(204, disable.Status);
        Assert.Equal(404, read.Status);
        Assert.Equal("{\"errors\":[\"no handler for route \\\"team/data/app\\\". route entry not found.\"]}\n", read.Body);
        Assert.Equal(["no handler for route \"team/metadata/\". route entry not found."], metadata.Errors);
        Assert.Equal(403, preflight.Status);
        Assert.False(listed);
    }

    [Fact(Timeout = 10_000)]
    public async Task Disable_ThenEnableAgain_StartsEmpty()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        await VaultCli.EnableAsync(h, "team", "kv", version: 2);
        await h.PostAsync("team/data/app", """{"data":{"k":"v"}}""");

        await VaultCli.DisableAsync(h, "team");
        var enable = await VaultCli.EnableAsync(h, "team", "kv", version: 2);
        var read = await h.GetAsync("team/data/app");

        Assert.Equal(204, enable.Status);
        Assert.Equal("{\"errors\":[]}\n", read.Body);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("nothing")]
    [InlineData("secret/data")]
    public async Task Disable_NoMountAtExactlyThatPath_Answers204AndChangesNothing(string path)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });

        var reply = await VaultCli.DisableAsync(h, path);

        Assert.Equal(204, reply.Status);
        Assert.Equal("""{"k":"v"}""", h.Vault.ReadSecretJson("secret", "app"));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("sys")]
    [InlineData("cubbyhole")]
    [InlineData("identity")]
    public async Task Disable_BuiltInMount_Answers400CannotUnmount(string path)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await VaultCli.DisableAsync(h, path);
        var listed = (await VaultCli.ListAsync(h)).Json["data"]!.AsObject().ContainsKey(path + "/");

        Assert.Equal(400, reply.Status);
        Assert.Equal([$"cannot unmount \"{path}/\""], reply.Errors);
        Assert.True(listed);
    }

    [Fact(Timeout = 10_000)]
    public async Task DisableMountHook_BehavesAsTheHttpDisable()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken, VaultMount.Kv("team", 2));
        h.Vault.WriteSecret("team", "app", new Dictionary<string, object?> { ["k"] = "v" });

        h.Vault.DisableMount("team");
        var read = await h.GetAsync("team/data/app");
        var e = Assert.Throws<InvalidOperationException>(() => h.Vault.DisableMount("sys"));

        Assert.Equal(["no handler for route \"team/data/app\". route entry not found."], read.Errors);
        Assert.Equal("cannot unmount \"sys/\"", e.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task Acl_TokenWithoutSysMountsCapability_Gets403OnListEnableAndDisable()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.PutPolicy("reader", new PolicyRule("secret/*", "read", "list"));
        var token = h.Vault.CreateToken(new TokenSpec(["reader"], TimeSpan.FromHours(1), TimeSpan.Zero));

        var list = await VaultCli.ListAsync(h, token);
        var enable = await VaultCli.EnableAsync(h, "team", "kv", token: token);
        var disable = await VaultCli.DisableAsync(h, "secret", token);
        var stillThere = (await VaultCli.ListAsync(h)).Json["data"]!.AsObject();

        Assert.Equal([403, 403, 403], new[] { list.Status, enable.Status, disable.Status });
        Assert.Equal(["permission denied"], list.Errors);
        Assert.False(stillThere.ContainsKey("team/"));
        Assert.True(stillThere.ContainsKey("secret/"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Acl_PolicyOnSysMounts_AllowsExactlyWhatItGrants()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.PutPolicy("mounts", new PolicyRule("sys/mounts", "read"), new PolicyRule("sys/mounts/team*", "update"));
        var token = h.Vault.CreateToken(new TokenSpec(["mounts"], TimeSpan.FromHours(1), TimeSpan.Zero));

        var list = await VaultCli.ListAsync(h, token);
        var enable = await VaultCli.EnableAsync(h, "team", "kv", token: token);
        var enableOther = await VaultCli.EnableAsync(h, "other", "kv", token: token);
        var disable = await VaultCli.DisableAsync(h, "team", token);

        Assert.Equal(200, list.Status);
        Assert.Equal(204, enable.Status);
        Assert.Equal(403, enableOther.Status);
        Assert.Equal(403, disable.Status);
    }
}
