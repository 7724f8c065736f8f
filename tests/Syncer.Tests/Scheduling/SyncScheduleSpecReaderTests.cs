using Syncer.Discovery;
using Syncer.Scheduling;

namespace Syncer.Tests.Scheduling;

public sealed class SyncScheduleSpecReaderTests
{
    private static readonly TimeSpan Minimum = TimeSpan.FromSeconds(10);

    private static SyncScheduleSpec Read(params (string Key, string Value)[] annotations) =>
        SyncScheduleSpecReader.Read(annotations.ToDictionary(a => a.Key, a => a.Value), Minimum);

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    public void Read_WithAValidRefresh_ReturnsTheInterval(string value, int seconds)
    {
        var spec = Read((WatchedAnnotations.Refresh, value));

        Assert.Equal(TimeSpan.FromSeconds(seconds), spec.Refresh);
        Assert.Null(spec.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("five minutes")]
    [InlineData("-5m")]
    [InlineData("0s")]
    [InlineData("5 m")]
    public void Read_WithAMalformedRefresh_FallsBackWithAnError(string value)
    {
        var spec = Read((WatchedAnnotations.Refresh, value));

        Assert.Null(spec.Refresh);
        Assert.Contains(WatchedAnnotations.Refresh, spec.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithARefreshBelowTheMinimum_FallsBackWithAnError()
    {
        var spec = Read((WatchedAnnotations.Refresh, "5s"));

        Assert.Null(spec.Refresh);
        Assert.Contains("minimum", spec.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithACron_ReturnsIt() =>
        Assert.Equal("0 0/15 * * * ?", Read((WatchedAnnotations.Schedule, "0 0/15 * * * ?")).Schedule);

    [Fact]
    public void Read_WithABadCron_FallsBackWithAnError()
    {
        var spec = Read((WatchedAnnotations.Schedule, "every day"));

        Assert.Null(spec.Schedule);
        Assert.Contains(WatchedAnnotations.Schedule, spec.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithBothRefreshAndSchedule_UsesNeither()
    {
        var spec = Read((WatchedAnnotations.Refresh, "5m"), (WatchedAnnotations.Schedule, "0 0/15 * * * ?"));

        Assert.Null(spec.Refresh);
        Assert.Null(spec.Schedule);
        Assert.Contains("both", spec.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReturnsTheForceSyncValue() =>
        Assert.Equal("now", Read((WatchedAnnotations.ForceSync, "now")).ForceSync);
}
