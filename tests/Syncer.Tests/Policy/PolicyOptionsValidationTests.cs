using Syncer.Policy;

namespace Syncer.Tests.Policy;

public sealed class PolicyOptionsValidationTests
{
    [Fact]
    public void Validate_WhenDefaults_Succeeds()
    {
        var options = new PolicyOptions();

        Assert.True(new PolicyOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(new PolicyPatternValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_WhenARuleHasNoNamespacesOrPaths_FailsNamingTheField()
    {
        var options = new PolicyOptions { Rules = [new TenancyRule()] };

        var result = new PolicyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Namespaces", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Paths", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret/*/db", "'*' is only allowed as the last character")]
    [InlineData("/secret/shop/*", "starts with '/'")]
    [InlineData("secret//*", "has an empty segment")]
    [InlineData("secret/a+b/*", "'+' must be a whole segment")]
    [InlineData("", "is empty")]
    public void Validate_WhenAPathPatternIsMalformed_FailsNamingTheKeyAndPattern(string pattern, string fragment)
    {
        var options = new PolicyOptions { Rules = [new TenancyRule { Namespaces = ["shop"], Paths = [pattern] }] };

        var result = new PolicyPatternValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Syncer:Policy:Rules:0:Paths:0 \"{pattern}\"", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(fragment, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenANamespacePatternIsMalformed_Fails()
    {
        var options = new PolicyOptions { Rules = [new TenancyRule { Namespaces = ["Team A"], Paths = ["secret/*"] }] };

        var result = new PolicyPatternValidator().Validate(null, options);

        Assert.Contains("Syncer:Policy:Rules:0:Namespaces:0 \"Team A\"", result.FailureMessage, StringComparison.Ordinal);
    }
}
