using Microsoft.Extensions.Options;
using Syncer.Scheduling;

namespace Syncer.Tests.Scheduling;

public sealed class RetryBackoffTests
{
    private static readonly IOptions<SchedulingOptions> Options = Microsoft.Extensions.Options.Options.Create(new SchedulingOptions
    {
        RetryInitialDelay = TimeSpan.FromSeconds(5),
        RetryMaxDelay = TimeSpan.FromMinutes(2),
    });

    private static readonly RetryBackoff Ceiling = new(Options, FixedRandom.Top);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(5, 80)]
    public void NextRetry_DoublesPerConsecutiveFailure(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Ceiling.NextRetry(failures, TimeSpan.FromHours(1)));

    [Fact]
    public void NextRetry_AfterManyFailures_IsCappedAtTheMaximum() =>
        Assert.Equal(TimeSpan.FromMinutes(2), Ceiling.NextRetry(1000, TimeSpan.FromHours(1)));

    [Fact]
    public void NextRetry_WhenThePeriodicSyncComesFirst_IsNull()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), Ceiling.NextRetry(3, TimeSpan.FromSeconds(30)));
        Assert.Null(Ceiling.NextRetry(4, TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(3, 20)]
    [InlineData(100, 120)]
    public void NextRetry_IsEqualJitter_HalfFixedHalfRandom_SpreadOverTheSecondHalf(int failures, int ceilingSeconds)
    {
        var backoff = new RetryBackoff(Options, new Random(42));
        var ceiling = TimeSpan.FromSeconds(ceilingSeconds);

        var delays = Enumerable.Range(0, 1000).Select(_ => backoff.NextRetry(failures, TimeSpan.FromHours(1))!.Value).ToList();

        Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
        Assert.True(delays.Distinct().Count() > 900, "a thousand failing Secrets retry at a thousand different instants");
        var (low, high) = (delays.Count(d => d < ceiling * 0.75), delays.Count(d => d >= ceiling * 0.75));
        Assert.InRange(low / (double)high, 0.8, 1.25); // spread evenly over [d/2, d], not bunched at one end
        Assert.Equal(ceiling / 2, new RetryBackoff(Options, new FixedRandom(0)).NextRetry(failures, TimeSpan.FromHours(1)));
    }
}
