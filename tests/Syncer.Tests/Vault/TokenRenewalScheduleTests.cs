using Syncer.Vault.Auth;

namespace Syncer.Tests.Vault;

public sealed class TokenRenewalScheduleTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Sleep_ForAFreshLease_FallsBetweenTwoThirdsAndSeventyThreePercent(double random)
    {
        var lease = TimeSpan.FromHours(1);
        var grace = TokenRenewalSchedule.Grace(lease, null, random);
        var sleep = TokenRenewalSchedule.Sleep(lease, grace);

        Assert.InRange(grace, lease * 0.1, lease * 0.2);
        Assert.InRange(sleep, lease * 2 / 3, lease * 0.74);
        Assert.False(TokenRenewalSchedule.MustLogInAgain(lease, grace, sleep));
    }

    [Fact]
    public void MustLogInAgain_WhenTheRenewedLeaseIsCappedNearMaxTtl_IsTrue()
    {
        var grace = TokenRenewalSchedule.Grace(TimeSpan.FromSeconds(60), null, 0.5); // 9 s, from the first lease
        var capped = TimeSpan.FromSeconds(13);                                         // what is left of max TTL

        Assert.True(TokenRenewalSchedule.MustLogInAgain(capped, grace, TokenRenewalSchedule.Sleep(capped, grace)));
    }

    [Fact]
    public void Grace_WithAnIncrementShorterThanTheLease_IsBasedOnTheIncrement()
    {
        var grace = TokenRenewalSchedule.Grace(TimeSpan.FromHours(10), TimeSpan.FromHours(1), 0);

        Assert.Equal(TimeSpan.FromMinutes(6), grace);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(4, 80)]
    [InlineData(10, 300)]
    public void ErrorBackoff_DoublesFromTenSecondsUpToFiveMinutes(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TokenRenewalSchedule.ErrorBackoff(failures));
}
