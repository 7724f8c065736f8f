using Microsoft.Extensions.Options;
using Syncer.Policy;

namespace Syncer.Tests.Policy;

public sealed class TenancyPolicyTests
{
    private static TenancyPolicy Create(bool allowOwn = true, params TenancyRule[] rules) =>
        new(Options.Create(new PolicyOptions { AllowOwnNamespace = allowOwn, Rules = [.. rules] }));

    [Theory]
    [InlineData("secret/shop/db")]
    [InlineData("kv/shop/db")]
    [InlineData("secret/shop/team/api/key")]
    public void Check_ByDefault_AllowsPathsUnderTheNamespaceOnEveryMount(string path)
    {
        var decision = Create().Check("shop", path);

        Assert.True(decision.Allowed, decision.Reason);
    }

    [Fact]
    public void CheckResolved_OnANestedMountNamedLikeTheNamespace_Denies()
    {
        // Mount "kv/prod": kv/prod/payments/db is payments' secret on the prod mount, not under namespace "prod".
        var decision = Create().CheckResolved("prod", "kv/prod/payments/db", "kv/prod");

        Assert.False(decision.Allowed);
        Assert.Contains("kv/prod/prod/", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckResolved_UnderTheRealMountAndTheNamespace_Allows()
    {
        Assert.True(Create().CheckResolved("shop", "secret/shop/db", "secret").Allowed);
    }

    [Fact]
    public void CheckResolved_OnANestedMount_NeedsAnAdminRule_TheBuiltInGrantStaysOnTheSafeSide()
    {
        // Before Vault is asked, the built-in grant takes the first segment as the mount, so it cannot grant a path on a
        // nested mount; an admin rule does.
        Assert.False(Create().CheckResolved("shop", "kv/prod/shop/db", "kv/prod").Allowed);
        Assert.True(Create(true, new TenancyRule { Namespaces = ["shop"], Paths = ["kv/prod/{namespace}/*"] })
            .CheckResolved("shop", "kv/prod/shop/db", "kv/prod").Allowed);
    }

    [Fact]
    public void CheckResolved_GrantedByAnAdminRule_StandsWhateverTheMount()
    {
        var policy = Create(true, new TenancyRule { Namespaces = ["prod"], Paths = ["kv/prod/payments/*"] });

        Assert.True(policy.CheckResolved("prod", "kv/prod/payments/db", "kv/prod").Allowed);
    }

    [Theory]
    [InlineData("secret/billing/db")]
    [InlineData("secret/shop")]
    [InlineData("secret/shopping/db")]
    [InlineData("secret/x/shop/db")]
    [InlineData("secret/shop/../billing/db")]
    public void Check_ByDefault_DeniesPathsOutsideTheNamespace(string path)
    {
        var decision = Create().Check("shop", path);

        Assert.False(decision.Allowed);
        Assert.Contains($"namespace 'shop' may not read '{path}'", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("+/shop/*", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenARuleGrantsASharedPathToGlobNamespaces_AllowsOnlyThoseNamespaces()
    {
        var policy = Create(true, new TenancyRule { Namespaces = ["team-*"], Paths = ["secret/shared/*"] });

        Assert.True(policy.Check("team-a", "secret/shared/tls").Allowed);
        Assert.True(policy.Check("team-b", "secret/shared/x/y").Allowed);
        Assert.False(policy.Check("shop", "secret/shared/tls").Allowed);
        Assert.False(policy.Check("team-a", "kv/shared/tls").Allowed);
    }

    [Fact]
    public void Check_WhenARuleUsesNamespacePlaceholderAndPlusSegment_SubstitutesAndMatchesOneSegment()
    {
        var policy = Create(false, new TenancyRule { Namespaces = ["*"], Paths = ["kv/teams/{namespace}/+/db"] });

        Assert.True(policy.Check("shop", "kv/teams/shop/prod/db").Allowed);
        Assert.False(policy.Check("shop", "kv/teams/shop/prod/eu/db").Allowed);
        Assert.False(policy.Check("shop", "kv/teams/billing/prod/db").Allowed);
    }

    [Fact]
    public void Check_WhenOwnNamespaceGrantIsOffAndNoRuleMatches_DeniesEverythingAndSaysSo()
    {
        var decision = Create(false).Check("shop", "secret/shop/db");

        Assert.False(decision.Allowed);
        Assert.Contains("no Vault path is granted to it", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenExactNamespaceRuleMatches_ReasonNamesThePattern()
    {
        var decision = Create(true, new TenancyRule { Namespaces = ["shop"], Paths = ["secret/payments/shop-*"] })
            .Check("shop", "secret/payments/shop-card");

        Assert.True(decision.Allowed);
        Assert.Contains("secret/payments/shop-*", decision.Reason, StringComparison.Ordinal);
    }
}
