namespace Syncer.Vault;

/// <summary>
/// A timer on the injected <see cref="TimeProvider"/> that ticks every <c>interval</c> while its owner has entries
/// that age out, and is idle otherwise: <see cref="Arm"/> after adding one; each tick runs the owner's sweep, which
/// says whether anything is left to age. So memory goes back to empty on time, without waiting for a key to be asked
/// for again, and an idle client holds no pending timer (tests that drive the clock to the next due timer are not
/// kept busy by it). The timer is created disarmed once and re-armed with <see cref="ITimer.Change"/>.
/// Hand-written: no package in reach offers a sweep that stops when there is nothing to sweep.
/// </summary>
internal sealed class SweepTimer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private readonly TimeSpan _interval;
    private readonly Func<bool> _sweep;
    private bool _armed;
    private bool _disposed;

    /// <param name="sweep">Drops what has aged out; returns true while something is left that will age.</param>
    public SweepTimer(TimeProvider timeProvider, TimeSpan interval, Func<bool> sweep)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _interval = interval;
        _sweep = sweep;
        _timer = timeProvider.CreateTimer(static state => ((SweepTimer)state!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts ticking unless already ticking. Call after adding an entry that will age out.</summary>
    public void Arm()
    {
        lock (_gate)
        {
            if (!_armed && !_disposed)
            {
                _armed = true;
                _timer.Change(_interval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    private void Tick()
    {
        // The sweep runs under the gate so an Arm racing with the last sweep waits and then re-arms: an entry added
        // while the sweep found nothing is never left without a timer.
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _armed = _sweep();
            if (_armed)
            {
                _timer.Change(_interval, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
