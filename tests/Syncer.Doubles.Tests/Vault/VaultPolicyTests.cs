using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultPolicyTests
{
    private static readonly Dictionary<string, object?> Data = new() { ["k"] = "v" };

    private static async Task<(VaultHarness H, string Token)> StartWithPolicyAsync(CancellationToken cancellationToken, params PolicyRule[] rules)
    {
        var h = await VaultHarness.StartAsync(cancellationToken);
        h.Vault.PutPolicy("p", rules);
        return (h, h.Vault.CreateToken(new TokenSpec(["p"], TimeSpan.FromHours(1), TimeSpan.Zero)));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("secret/data/shop/db", "secret/data/shop/db", 200)]
    [InlineData("secret/data/shop/*", "secret/data/shop/db", 200)]
    [InlineData("secret/data/shop/*", "secret/data/shop/deep/db", 200)]
    [InlineData("secret/data/sh*", "secret/data/shop/db", 200)]
    [InlineData("secret/data/+/db", "secret/data/shop/db", 200)]
    [InlineData("secret/data/+/db", "secret/data/shop/deep/db", 403)]
    [InlineData("secret/data/shop/*", "secret/data/other/db", 403)]
    [InlineData("secret/data/shop", "secret/data/shop/db", 403)]
    public async Task Read_IsAllowedOnlyWhereTheGlobMatches(string rulePath, string secretPath, int expected)
    {
        var (h, token) = await StartWithPolicyAsync(TestContext.Current.CancellationToken, new PolicyRule(rulePath, "read"));
        await using var _ = h;
        h.Vault.WriteSecret("secret", secretPath["secret/data/".Length..], Data);

        var reply = await h.GetAsync(secretPath, token);

        Assert.Equal(expected, reply.Status);
        if (expected == 403)
        {
            Assert.Equal("{\"errors\":[\"permission denied\"]}\n", reply.Body);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task Write_NeedsCreateForANewKeyAndUpdateForAnExistingOne()
    {
        var (h, token) = await StartWithPolicyAsync(TestContext.Current.CancellationToken, new PolicyRule("secret/data/*", "create", "read"));
        await using var _ = h;
        h.Vault.WriteSecret("secret", "existing", Data);

        var create = await h.PostAsync("secret/data/new", """{"data":{"k":"v"}}""", token);
        var update = await h.PostAsync("secret/data/existing", """{"data":{"k":"v"}}""", token);

        Assert.Equal(200, create.Status);
        Assert.Equal(403, update.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task List_NeedsListCapabilityOnThePathWithATrailingSlash()
    {
        var (h, token) = await StartWithPolicyAsync(TestContext.Current.CancellationToken, new PolicyRule("secret/metadata/shop/", "list"), new PolicyRule("secret/data/*", "read"));
        await using var _ = h;
        h.Vault.WriteSecret("secret", "shop/db", Data);

        var list = await h.SendAsync("LIST", "secret/metadata/shop", token: token);
        var metadata = await h.GetAsync("secret/metadata/shop/db", token);

        Assert.Equal(200, list.Status);
        Assert.Equal(403, metadata.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task Deny_OnTheMostSpecificPath_WinsOverABroaderGrant()
    {
        var (h, token) = await StartWithPolicyAsync(TestContext.Current.CancellationToken, new PolicyRule("secret/data/*", "read"), new PolicyRule("secret/data/shop/admin", "deny"));
        await using var _ = h;
        h.Vault.WriteSecret("secret", "shop/admin", Data);
        h.Vault.WriteSecret("secret", "shop/db", Data);

        var denied = await h.GetAsync("secret/data/shop/admin", token);
        var allowed = await h.GetAsync("secret/data/shop/db", token);

        Assert.Equal(403, denied.Status);
        Assert.Equal(200, allowed.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task LongerGlob_WinsOverAShorterGlob()
    {
        var (h, token) = await StartWithPolicyAsync(TestContext.Current.CancellationToken,
            new PolicyRule("secret/data/*", "read"), new PolicyRule("secret/data/shop/*", "deny"));
        await using var _ = h;
        h.Vault.WriteSecret("secret", "shop/db", Data);
        h.Vault.WriteSecret("secret", "other/db", Data);

        var denied = await h.GetAsync("secret/data/shop/db", token);
        var allowed = await h.GetAsync("secret/data/other/db", token);

        Assert.Equal(403, denied.Status);
        Assert.Equal(200, allowed.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task SameRulePathInTwoPolicies_MergesCapabilities()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.PutPolicy("reader", new PolicyRule("secret/data/*", "read"));
        h.Vault.PutPolicy("writer", new PolicyRule("secret/data/*", "create", "update"));
        var token = h.Vault.CreateToken(new TokenSpec(["reader", "writer"], TimeSpan.FromHours(1), TimeSpan.Zero));

        var write = await h.PostAsync("secret/data/a", """{"data":{"k":"v"}}""", token);
        var read = await h.GetAsync("secret/data/a", token);

        Assert.Equal(200, write.Status);
        Assert.Equal(200, read.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task Denied_InLegacyMode_AnswersTheMultiErrorString()
    {
        var (h, token) = await StartWithPolicyAsync(TestContext.Current.CancellationToken, new PolicyRule("kv/*", "read"));
        await using var _ = h;
        h.Vault.LegacyPermissionDeniedErrors = true;

        var reply = await h.GetAsync("secret/data/a", token);

        Assert.Equal(403, reply.Status);
        Assert.Equal(["1 error occurred:\n\t* permission denied\n\n"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task UnmountedPath_WithoutCapability_Is403NotNoHandler()
    {
        var (h, token) = await StartWithPolicyAsync(TestContext.Current.CancellationToken, new PolicyRule("secret/*", "read"));
        await using var _ = h;

        var reply = await h.GetAsync("foo/bar", token);

        Assert.Equal(403, reply.Status);
    }
}
