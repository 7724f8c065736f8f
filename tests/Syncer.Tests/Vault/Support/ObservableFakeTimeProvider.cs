using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Syncer.Tests.Vault.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records every timer created on it (its due time, and whether it is still
/// pending), so a test can wait until the code under test has started a delay (a Polly retry wait, the token
/// watcher's sleep), assert its exact length, and advance the clock to exactly the next pending due time. A timer
/// created disarmed (infinite due time, armed later with Change: the client's sweeps and rate-limit refills) is live
/// for <see cref="NextDue"/> but not counted in <see cref="DueTimes"/>, so "the next timer" stays the next delay.
/// </summary>
internal sealed class ObservableFakeTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();
    private readonly ConcurrentDictionary<TrackedTimer, byte> _live = new();

    public IReadOnlyList<TimeSpan> DueTimes => [.. _dueTimes];

    public int TimersCreated => _dueTimes.Count;

    /// <summary>The earliest instant a live timer is due, later than now; null when none is waiting.</summary>
    public DateTimeOffset? NextDue()
    {
        var now = GetUtcNow();
        var due = _live.Keys.Select(t => t.DueAt).Where(d => d is { } at && at > now).Min();
        return due;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this);
        tracked.Inner = base.CreateTimer(callback, state, dueTime, period);
        tracked.Set(dueTime);
        _live[tracked] = 0;
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _dueTimes.Enqueue(dueTime);
        }

        return tracked;
    }

    /// <summary>Waits until more than <paramref name="seen"/> timers were created; returns the due time of timer #seen.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(int seen, CancellationToken cancellationToken)
    {
        await Eventually.HoldsAsync(() => TimersCreated > seen, $"a timer after #{seen}", cancellationToken);
        return DueTimes[seen];
    }

    private sealed class TrackedTimer(ObservableFakeTimeProvider owner) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? DueAt { get; private set; }

        public void Set(TimeSpan dueTime) =>
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetUtcNow() + dueTime;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Set(dueTime);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner._live.TryRemove(this, out _);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            owner._live.TryRemove(this, out _);
            return Inner.DisposeAsync();
        }
    }
}
