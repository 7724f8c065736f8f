using Syncer.Scheduling;

namespace Syncer.Tests.Scheduling;

public sealed class PhaseSpreadTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 17, TimeSpan.Zero);

    [Fact]
    public void NextFire_ForOneUid_IsTheSameEveryTime()
    {
        var first = PhaseSpread.NextFire("2f1c6a0e-5d1b-4c55-9a43-0d1f0a7b9e21", Interval, Now);
        var second = PhaseSpread.NextFire("2f1c6a0e-5d1b-4c55-9a43-0d1f0a7b9e21", Interval, Now);

        Assert.Equal(first, second);
    }

    [Fact]
    public void NextFire_AfterARestartAtAnotherTime_KeepsThePhase()
    {
        var before = PhaseSpread.NextFire("uid-a", Interval, Now);
        var afterRestart = PhaseSpread.NextFire("uid-a", Interval, Now + TimeSpan.FromSeconds(1234.5));

        Assert.Equal(0, (afterRestart - before).Ticks % Interval.Ticks);
    }

    [Fact]
    public void NextFire_IsWithinOneIntervalFromNow()
    {
        for (var i = 0; i < 1000; i++)
        {
            var next = PhaseSpread.NextFire($"uid-{i}", Interval, Now);
            Assert.InRange(next, Now, Now + Interval - TimeSpan.FromMilliseconds(1));
        }
    }

    [Fact]
    public void NextFire_For10000Uids_SpreadsEvenlyAcrossTheInterval()
    {
        const int buckets = 20;
        var counts = new int[buckets];
        for (var i = 0; i < 10_000; i++)
        {
            var offset = PhaseSpread.NextFire(Guid.NewGuid().ToString(), Interval, Now) - Now;
            counts[(int)(offset.Ticks * buckets / Interval.Ticks)]++;
        }

        // 500 expected per bucket; a uniform spread stays well within +-25% (binomial sd ~22).
        Assert.All(counts, count => Assert.InRange(count, 375, 625));
    }

    [Fact]
    public void NextFire_For10000Uids_NeverPutsManyInTheSameSecond()
    {
        var perSecond = Enumerable.Range(0, 10_000)
            .Select(i => PhaseSpread.NextFire($"secret-uid-{i}", Interval, Now).ToUnixTimeSeconds())
            .GroupBy(second => second)
            .Max(group => group.Count());

        // 10,000 over 300 seconds is ~33 a second on average.
        Assert.InRange(perSecond, 1, 70);
    }

    [Fact]
    public void Jitter_IsBoundedByATenthOfTheInterval()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            Assert.InRange(PhaseSpread.Jitter(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), random), TimeSpan.Zero, TimeSpan.FromSeconds(3));
        }
    }

    [Fact]
    public void Jitter_WhenDisabled_IsZero() =>
        Assert.Equal(TimeSpan.Zero, PhaseSpread.Jitter(TimeSpan.Zero, Interval, new Random(1)));
}
