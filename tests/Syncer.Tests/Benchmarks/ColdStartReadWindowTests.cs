using Syncer.Benchmarks.Reporting;
using Syncer.Benchmarks.Scenarios;

namespace Syncer.Tests.Benchmarks;

/// <summary>
/// The cold start's Vault-read check: Syncer reads a path once per clock-aligned refresh window, so a cold start that
/// crosses a window's end may read each path once more; the check allows exactly that, no more.
/// </summary>
public sealed class ColdStartReadWindowTests
{
    private static readonly DateTimeOffset Hour = new(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-120, -1, 0)] // ends before the hour
    [InlineData(-120, 0, 1)] // ends on it: the window ended
    [InlineData(-120, 90, 1)]
    [InlineData(0, 90, 0)] // starts on the hour: the new window
    [InlineData(-120, 3600 + 5, 2)]
    public void WindowsCrossed_CountsTheWindowEndsInsideTheColdStart(int fromSeconds, int toSeconds, long expected) =>
        Assert.Equal(expected, SyncerPass.WindowsCrossed(Hour.AddSeconds(fromSeconds), Hour.AddSeconds(toSeconds), TimeSpan.FromHours(1)));

    [Theory]
    [InlineData(5_000, true)]
    [InlineData(7_361, true)] // run B's 50,000 row: 5,000 paths, an hour crossed
    [InlineData(10_000, true)]
    [InlineData(10_001, false)] // a path read twice in one window
    [InlineData(4_999, false)] // a path never read
    public void ARangeCheck_PassesOnlyInsideItsBounds(long reads, bool passes)
    {
        var row = new ScenarioResult { Scenario = "growth: cold start", Latency = "no latency", Secrets = 50_000 };
        row.CheckWithin("Vault reads", 5_000, 10_000, reads);
        Assert.Equal(passes, row.Checks.Single().Passed);
        Assert.Contains("expected 5000 to 10000", row.Checks.Single().ToString(), StringComparison.Ordinal);
    }
}
