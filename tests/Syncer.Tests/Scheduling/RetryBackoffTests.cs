using Microsoft.Extensions.Options;
using Syncer.Scheduling;

namespace Syncer.Tests.Scheduling;

public sealed class RetryBackoffTests
{
    private static readonly RetryBackoff Backoff = new(Options.Create(new SchedulingOptions
    {
        RetryInitialDelay = TimeSpan.FromSeconds(5),
        RetryMaxDelay = TimeSpan.FromMinutes(2),
    }));

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(5, 80)]
    public void NextRetry_DoublesPerConsecutiveFailure(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Backoff.NextRetry(failures, TimeSpan.FromHours(1)));

    [Fact]
    public void NextRetry_AfterManyFailures_IsCappedAtTheMaximum() =>
        Assert.Equal(TimeSpan.FromMinutes(2), Backoff.NextRetry(1000, TimeSpan.FromHours(1)));

    [Fact]
    public void NextRetry_WhenThePeriodicSyncComesFirst_IsNull()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), Backoff.NextRetry(3, TimeSpan.FromSeconds(30)));
        Assert.Null(Backoff.NextRetry(4, TimeSpan.FromSeconds(30)));
    }
}
