using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Syncer.Tests.Vault.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records the due time of every timer created on it, so a test can wait until
/// the code under test has started a delay (a Polly retry wait, the token watcher's sleep) before advancing time, and
/// can assert the exact length of that delay.
/// </summary>
internal sealed class ObservableFakeTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();

    public IReadOnlyList<TimeSpan> DueTimes => [.. _dueTimes];

    public int TimersCreated => _dueTimes.Count;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _dueTimes.Enqueue(dueTime);
        return timer;
    }

    /// <summary>Waits until more than <paramref name="seen"/> timers exist; returns the newest due time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(int seen, CancellationToken cancellationToken)
    {
        await Eventually.TrueAsync(() => TimersCreated > seen, $"a timer after #{seen}", cancellationToken);
        return DueTimes[seen];
    }
}
