using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultTokenTests
{
    private static readonly TokenSpec Hourly = new(["reader"], TimeSpan.FromHours(1), TimeSpan.FromHours(3));

    [Fact(Timeout = 10_000)]
    public async Task BothTokenHeaders_AreAccepted()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var vaultHeader = await h.GetAsync("auth/token/lookup-self");
        var bearer = await h.SendAsync("GET", "auth/token/lookup-self", token: "",
            configure: r => r.Headers.Authorization = new("Bearer", h.Vault.RootToken));

        Assert.Equal(200, vaultHeader.Status);
        Assert.Equal(200, bearer.Status);
        Assert.Equal(h.Vault.RootToken, bearer.Json["data"]!["id"]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task LookupSelf_ReportsAllFieldsWithSecondsLeftFromTheTimeProvider()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var token = h.Vault.CreateToken(Hourly);
        h.Time.Advance(TimeSpan.FromMinutes(10));

        var reply = await h.GetAsync("auth/token/lookup-self", token);
        var data = reply.Json["data"]!;

        Assert.Equal(200, reply.Status);
        Assert.Equal("token", reply.Json["mount_type"]!.GetValue<string>());
        Assert.Equal(
            ["accessor", "creation_time", "creation_ttl", "display_name", "entity_id", "expire_time", "explicit_max_ttl", "id",
             "issue_time", "meta", "num_uses", "orphan", "path", "policies", "renewable", "ttl", "type"],
            data.AsObject().Select(kv => kv.Key));
        Assert.Equal(3000, data["ttl"]!.GetValue<long>());
        Assert.Equal(3600, data["creation_ttl"]!.GetValue<long>());
        Assert.Equal("2026-03-01T13:00:00Z", data["expire_time"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:00:00Z", data["issue_time"]!.GetValue<string>());
        Assert.Equal(VaultHarness.Start.ToUnixTimeSeconds(), data["creation_time"]!.GetValue<long>());
        Assert.Equal("""["reader"]""", data["policies"]!.ToJsonString());
        Assert.Equal("service", data["type"]!.GetValue<string>());
        Assert.True(data["renewable"]!.GetValue<bool>());
    }

    [Fact(Timeout = 10_000)]
    public async Task RootToken_NeverExpires()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Time.Advance(TimeSpan.FromDays(400));

        var reply = await h.GetAsync("auth/token/lookup-self");

        Assert.Equal(200, reply.Status);
        Assert.Null(reply.Json["data"]!["expire_time"]);
        Assert.Equal(0, reply.Json["data"]!["ttl"]!.GetValue<long>());
    }

    [Fact(Timeout = 10_000)]
    public async Task ExpiredToken_Answers403PermissionDeniedInvalidToken()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var token = h.Vault.CreateToken(Hourly);
        h.Time.Advance(TimeSpan.FromHours(1));

        var reply = await h.GetAsync("auth/token/lookup-self", token);

        Assert.Equal(403, reply.Status);
        Assert.Equal("{\"errors\":[\"permission denied\",\"invalid token\"]}\n", reply.Body);
    }

    [Fact(Timeout = 10_000)]
    public async Task RevokedToken_InLegacyMode_AnswersTheMultiErrorString()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var token = h.Vault.CreateToken(Hourly);
        h.Vault.RevokeToken(token);
        h.Vault.LegacyPermissionDeniedErrors = true;

        var reply = await h.GetAsync("secret/data/a", token);

        Assert.Equal(403, reply.Status);
        Assert.Equal(["1 error occurred:\n\t* permission denied\n\n"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task RenewSelf_WithIncrement_ExtendsFromNow()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var token = h.Vault.CreateToken(Hourly);
        h.Time.Advance(TimeSpan.FromMinutes(40));

        var renew = await h.PostAsync("auth/token/renew-self", """{"increment":"30m"}""", token);
        var lookup = await h.GetAsync("auth/token/lookup-self", token);

        Assert.Equal(200, renew.Status);
        Assert.Null(renew.Json["data"]);
        Assert.Null(renew.Json["warnings"]);
        Assert.Equal(1800, renew.Json["auth"]!["lease_duration"]!.GetValue<int>());
        Assert.True(renew.Json["auth"]!["renewable"]!.GetValue<bool>());
        Assert.Equal(token, renew.Json["auth"]!["client_token"]!.GetValue<string>());
        Assert.Equal(1800, lookup.Json["data"]!["ttl"]!.GetValue<long>());
    }

    [Fact(Timeout = 10_000)]
    public async Task RenewSelf_PastMaxTtl_IsCappedWithTheSdkWarning()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var token = h.Vault.CreateToken(Hourly);
        h.Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(200, (await h.PostAsync("auth/token/renew-self", "{}", token)).Status);
        h.Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(200, (await h.PostAsync("auth/token/renew-self", "{}", token)).Status);
        h.Time.Advance(new TimeSpan(0, 24, 29));

        var renew = await h.PostAsync("auth/token/renew-self", """{"increment":3600}""", token);

        Assert.Equal(200, renew.Status);
        Assert.Equal(3331, renew.Json["auth"]!["lease_duration"]!.GetValue<int>());
        Assert.Equal(
            ["TTL of \"1h\" exceeded the effective max_ttl of \"55m31s\"; TTL value is capped accordingly"],
            renew.Json["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
    }

    [Fact(Timeout = 10_000)]
    public async Task RenewSelf_NonRenewableToken_Answers400LeaseIsNotRenewable()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var token = h.Vault.CreateToken(Hourly with { Renewable = false });

        var reply = await h.PostAsync("auth/token/renew-self", "{}", token);

        Assert.Equal(400, reply.Status);
        Assert.Equal(["lease is not renewable"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task RevokeSelf_Answers204_ThenTheTokenIsInvalid()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var token = h.Vault.CreateToken(Hourly);

        var revoke = await h.PostAsync("auth/token/revoke-self", "", token);
        var after = await h.GetAsync("auth/token/lookup-self", token);

        Assert.Equal(204, revoke.Status);
        Assert.Equal(403, after.Status);
        Assert.Equal(["permission denied", "invalid token"], after.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task NoToken_Answers403PermissionDenied()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.GetAsync("secret/data/a", token: "");

        Assert.Equal(403, reply.Status);
        Assert.Equal(["permission denied"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task RenewSelf_NeverExpiringRootToken_Answers400()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.PostAsync("auth/token/renew-self", "{}");

        Assert.Equal(400, reply.Status);
        Assert.Equal(["lease not found or lease is not renewable"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task InvalidBearerToken_Answers403InvalidToken()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.SendAsync("GET", "secret/data/a", token: "",
            configure: r => r.Headers.Authorization = new("Bearer", "hvs.unknown"));

        Assert.Equal(403, reply.Status);
        Assert.Equal(["permission denied", "invalid token"], reply.Errors);
    }
}
