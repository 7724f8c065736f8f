namespace Syncer.Doubles.Tests.Vault;

/// <summary>GET and POST sys/mounts/&lt;path&gt;/tune (handleTuneReadCommon, handleTuneWriteCommon), as `vault secrets tune` calls them.</summary>
public sealed class VaultMountsTuneTests
{
    [Fact(Timeout = 10_000)]
    public async Task TuneRead_UntunedMount_ReportsTheEffectiveSystemTtls()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.GetAsync("sys/mounts/secret/tune");

        Assert.Equal(200, reply.Status);
        Assert.Equal("""{"default_lease_ttl":2764800,"description":"key/value secret storage","force_no_cache":false,"max_lease_ttl":2764800,"options":{"version":"2"}}""", reply.Json["data"]!.ToJsonString());
        Assert.Equal(2764800, reply.Json["default_lease_ttl"]!.GetValue<long>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Tune_RoundTrip_ChangesTtlsAndDescriptionInTuneAndList()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        await VaultCli.EnableAsync(h, "team", "kv", version: 2);

        var tune = await h.PostAsync("sys/mounts/team/tune", VaultCli.TuneBody(defaultTtl: "1h0m0s", maxTtl: "7200", description: "team secrets"));
        var read = await h.GetAsync("sys/mounts/team/tune");
        var listed = (await VaultCli.ListAsync(h)).Json["data"]!["team/"]!;
        var reset = await h.PostAsync("sys/mounts/team/tune", VaultCli.TuneBody(defaultTtl: "system"));
        var afterReset = await h.GetAsync("sys/mounts/team/tune");

        Assert.Equal(204, tune.Status);
        Assert.Equal("""{"default_lease_ttl":3600,"description":"team secrets","force_no_cache":false,"max_lease_ttl":7200,"options":{"version":"2"}}""", read.Json["data"]!.ToJsonString());
        Assert.Equal("""{"default_lease_ttl":3600,"force_no_cache":false,"max_lease_ttl":7200}""", listed["config"]!.ToJsonString());
        Assert.Equal("team secrets", listed["description"]!.GetValue<string>());
        Assert.Equal(204, reset.Status);
        Assert.Equal(2764800, afterReset.Json["data"]!["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(7200, afterReset.Json["data"]!["max_lease_ttl"]!.GetValue<long>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Tune_AsTheCliSendsIt_IsRedirectedOnceFromTheDoubleSlash()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        await VaultCli.EnableAsync(h, "team", "kv", version: 2);

        var first = await h.PostAsync("sys/mounts/team//tune", VaultCli.TuneBody(defaultTtl: "1h0m0s"));
        var location = first.Headers.Location!.ToString();
        var followed = await h.PostAsync(location["/v1/".Length..], VaultCli.TuneBody(defaultTtl: "1h0m0s"));
        var read = await h.GetAsync("sys/mounts/team/tune");

        Assert.Equal(301, first.Status);
        Assert.Equal("/v1/sys/mounts/team/tune", location);
        Assert.Equal(204, followed.Status);
        Assert.Equal(3600, read.Json["data"]!["default_lease_ttl"]!.GetValue<long>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Tune_KvVersion1To2_UpgradesWithAWarningAndKeepsTheData()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("kv", "app", new Dictionary<string, object?> { ["k"] = "v" });

        var tune = await h.PostAsync("sys/mounts/kv/tune", VaultCli.TuneBody(options: """{"version":"2"}"""));
        var preflight = await h.GetAsync("sys/internal/ui/mounts/kv/app");
        var read = await h.GetAsync("kv/data/app");

        Assert.Equal(200, tune.Status);
        Assert.Equal(["Upgrading mount from version 1 to version 2. This mount will be unavailable for a brief period and will resume service shortly."], tune.Json["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Equal("2", preflight.Json["data"]!["options"]!["version"]!.GetValue<string>());
        Assert.Equal("""{"k":"v"}""", read.Json["data"]!["data"]!.ToJsonString());
        Assert.Equal(1, read.Json["data"]!["metadata"]!["version"]!.GetValue<int>());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("secret", """{"options":{"version":"1"}}""", "cannot downgrade mount from version 2")]
    [InlineData("secret", """{"options":{"version":"3"}}""", "invalid version provided: 3")]
    [InlineData("secret", """{"default_lease_ttl":"2h","max_lease_ttl":"1h"}""", "backend max lease TTL of 3600 would be less than backend default lease TTL of 7200")]
    [InlineData("secret", """{"default_lease_ttl":"1x"}""", "strconv.ParseInt: parsing \"1x\": invalid syntax")]
    [InlineData("sys", """{"description":"x"}""", "cannot tune \"sys/\"")]
    [InlineData("cubbyhole", """{"description":"x"}""", "cannot tune \"cubbyhole/\"")]
    [InlineData("nothing", """{"description":"x"}""", "tune of path \"nothing/\" failed: no mount entry found")]
    public async Task Tune_Refused_Answers400WithVaultsMessage(string mount, string body, string error)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.PostAsync($"sys/mounts/{mount}/tune", body);

        Assert.Equal(400, reply.Status);
        Assert.Equal([error], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task TuneRead_NoMount_Answers400CannotFetchSysview()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.GetAsync("sys/mounts/nothing/tune");

        Assert.Equal(400, reply.Status);
        Assert.Equal(["cannot fetch sysview for path \"nothing/\""], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task Tune_KvV1DefaultTtl_IsTheLeaseDurationOfReadsWithoutTtl()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("kv", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var before = await h.GetAsync("kv/app");

        await h.PostAsync("sys/mounts/kv/tune", VaultCli.TuneBody(defaultTtl: "30m"));
        var after = await h.GetAsync("kv/app");

        Assert.Equal(2764800, before.Json["lease_duration"]!.GetValue<long>());
        Assert.Equal(1800, after.Json["lease_duration"]!.GetValue<long>());
    }
}
