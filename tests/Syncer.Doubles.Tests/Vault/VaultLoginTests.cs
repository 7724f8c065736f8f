using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultLoginTests
{
    private static readonly TokenSpec Issued = new(["shop-reader"], TimeSpan.FromMinutes(20), TimeSpan.FromHours(1));

    // {"kubernetes.io":{"namespace":"shop","serviceaccount":{"name":"syncer","uid":"u-1"}}}, unsigned: the double only compares it.
    private const string Jwt = "eyJhbGciOiJub25lIn0.eyJrdWJlcm5ldGVzLmlvIjp7Im5hbWVzcGFjZSI6InNob3AiLCJzZXJ2aWNlYWNjb3VudCI6eyJuYW1lIjoic3luY2VyIiwidWlkIjoidS0xIn19fQ.sig";

    [Fact(Timeout = 10_000)]
    public async Task KubernetesLogin_ReturnsARealAuthBlockWithNullData()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.AddKubernetesRole("syncer", Jwt, Issued);

        var reply = await h.PostAsync("auth/kubernetes/login", $$"""{"role":"syncer","jwt":"{{Jwt}}"}""", token: "");
        var auth = reply.Json["auth"]!;

        Assert.Equal(200, reply.Status);
        Assert.Null(reply.Json["data"]);
        Assert.Equal(
            ["client_token", "accessor", "policies", "token_policies", "metadata", "lease_duration", "renewable", "entity_id",
             "token_type", "orphan", "mfa_requirement", "num_uses"],
            auth.AsObject().Select(kv => kv.Key));
        Assert.Equal(1200, auth["lease_duration"]!.GetValue<int>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.Equal("service", auth["token_type"]!.GetValue<string>());
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.Equal(0, auth["num_uses"]!.GetValue<int>());
        Assert.Equal("""["shop-reader"]""", auth["policies"]!.ToJsonString());
        Assert.Equal(
            """{"role":"syncer","service_account_name":"syncer","service_account_namespace":"shop","service_account_secret_name":"","service_account_uid":"u-1"}""",
            auth["metadata"]!.ToJsonString());
        Assert.Equal(1, h.Vault.SuccessfulLogins);

        var lookup = await h.GetAsync("auth/token/lookup-self", auth["client_token"]!.GetValue<string>());
        Assert.Equal(200, lookup.Status);
        Assert.Equal("auth/kubernetes/login", lookup.Json["data"]!["path"]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task KubernetesLogin_UnknownRole_Answers400InvalidRoleName()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.PostAsync("auth/kubernetes/login", """{"role":"x","jwt":"j"}""", token: "");

        Assert.Equal(400, reply.Status);
        Assert.Equal(["invalid role name \"x\""], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task KubernetesLogin_WrongJwt_Answers403()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.AddKubernetesRole("syncer", Jwt, Issued);

        var reply = await h.PostAsync("auth/kubernetes/login", """{"role":"syncer","jwt":"other"}""", token: "");

        Assert.Equal(403, reply.Status);
        Assert.Equal(["permission denied"], reply.Errors);
        Assert.Equal(0, h.Vault.SuccessfulLogins);
    }

    [Fact(Timeout = 10_000)]
    public async Task KubernetesLogin_CustomMount_AndUnknownMountIsNoHandler()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.AddKubernetesRole("syncer", Jwt, Issued, mount: "k8s-prod");

        var custom = await h.PostAsync("auth/k8s-prod/login", $$"""{"role":"syncer","jwt":"{{Jwt}}"}""", token: "");
        var unknown = await h.PostAsync("auth/nope/login", $$"""{"role":"syncer","jwt":"{{Jwt}}"}""", token: "");

        Assert.Equal(200, custom.Status);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(["no handler for route \"auth/nope/login\". route entry not found."], unknown.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task AppRoleLogin_GoodCredentials_IssuesATokenCappedAtMaxTtl()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.AddAppRole("role-1", "secret-1", new TokenSpec(["p"], TimeSpan.FromHours(2), TimeSpan.FromHours(1), Renewable: false));

        var reply = await h.PostAsync("auth/approle/login", """{"role_id":"role-1","secret_id":"secret-1"}""", token: "");

        Assert.Equal(200, reply.Status);
        Assert.Equal(3600, reply.Json["auth"]!["lease_duration"]!.GetValue<int>());
        Assert.False(reply.Json["auth"]!["renewable"]!.GetValue<bool>());
        Assert.Equal("approle", reply.Json["mount_type"]!.GetValue<string>());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("""{"role_id":"role-1","secret_id":"wrong"}""", "invalid role or secret ID")]
    [InlineData("""{"role_id":"nope","secret_id":"secret-1"}""", "invalid role or secret ID")]
    [InlineData("""{"secret_id":"secret-1"}""", "missing role_id")]
    public async Task AppRoleLogin_BadCredentials_Answers400(string body, string expected)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.AddAppRole("role-1", "secret-1", Issued);

        var reply = await h.PostAsync("auth/approle/login", body, token: "");

        Assert.Equal(400, reply.Status);
        Assert.Equal([expected], reply.Errors);
    }
}
