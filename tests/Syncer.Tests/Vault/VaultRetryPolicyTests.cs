using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Syncer.Vault.Http;

namespace Syncer.Tests.Vault;

public sealed class VaultRetryPolicyTests
{
    [Theory]
    [InlineData(429, true)]
    [InlineData(412, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(501, false)]
    [InlineData(400, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(405, false)]
    [InlineData(472, false)]
    [InlineData(473, false)]
    public void IsRetryableStatus_FollowsTheGoClientsDefaultRetryPolicy(int status, bool retryable) =>
        Assert.Equal(retryable, VaultRetryPolicy.IsRetryableStatus(status));

    [Fact]
    public void RetryAfter_InSeconds_IsThatManySeconds()
    {
        var response = new VaultResponse(429, "{}", RetryConditionHeaderValue.Parse("7"));

        Assert.Equal(TimeSpan.FromSeconds(7), VaultRetryPolicy.RetryAfter(response, new FakeTimeProvider()));
    }

    [Fact]
    public void RetryAfter_AsAnHttpDate_IsMeasuredFromTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var response = new VaultResponse(429, "{}", RetryConditionHeaderValue.Parse(time.GetUtcNow().AddSeconds(5).ToString("R")));

        Assert.Equal(TimeSpan.FromSeconds(5), VaultRetryPolicy.RetryAfter(response, time));
    }

    [Fact]
    public void RetryAfter_AsADateInThePast_IsZero()
    {
        var time = new FakeTimeProvider();
        var response = new VaultResponse(429, "{}", RetryConditionHeaderValue.Parse(time.GetUtcNow().AddSeconds(-5).ToString("R")));

        Assert.Equal(TimeSpan.Zero, VaultRetryPolicy.RetryAfter(response, time));
    }
}
