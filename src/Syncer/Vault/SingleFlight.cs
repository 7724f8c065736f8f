using System.Collections.Concurrent;

namespace Syncer.Vault;

/// <summary>
/// Concurrent calls with one key share one execution, and a successful result answers the same key for
/// <c>window</c> more (so a sync wave reads each path once). Failures are shared only by the calls already waiting.
/// Each caller may cancel its own wait; the shared call runs on until done. A result past its window is dropped by a
/// <see cref="SweepTimer"/> on the injected clock, whether or not its key is asked for again, so the entries go back
/// to none when reads stop (a bounded structure would keep up to its bound forever and evict by count, not age).
/// Hand-written: no package in reach offers this (Go's singleflight plus a short result cache).
/// </summary>
internal sealed class SingleFlight<TKey, TValue> : IDisposable where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Flight> _flights = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _window;
    private readonly SweepTimer? _sweep;

    public SingleFlight(TimeProvider timeProvider, TimeSpan window)
    {
        _timeProvider = timeProvider;
        _window = window;
        _sweep = window > TimeSpan.Zero ? new SweepTimer(timeProvider, window, Sweep) : null;
    }

    /// <summary>Calls in flight plus results still inside their window (for tests and diagnostics).</summary>
    public int Count => _flights.Count;

    /// <summary>Returns the shared result; <paramref name="shared"/> is raised when this caller did not start the call.</summary>
    public Task<TValue> RunAsync(TKey key, Func<Task<TValue>> call, Action shared, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_flights.TryGetValue(key, out var existing))
            {
                if (existing.IsFresh(_timeProvider.GetUtcNow(), _window))
                {
                    shared();
                    return existing.Task.WaitAsync(cancellationToken);
                }

                _flights.TryRemove(new KeyValuePair<TKey, Flight>(key, existing));
                continue;
            }

            var flight = new Flight();
            if (!_flights.TryAdd(key, flight))
            {
                continue;
            }

            flight.Start(call, this, key);
            return flight.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose() => _sweep?.Dispose();

    /// <summary>Before the waiters see the outcome: a failure (or any result without a window) leaves at once.</summary>
    private void Completing(TKey key, Flight flight, bool succeeded)
    {
        flight.CompletedAt = _timeProvider.GetUtcNow();
        if (!succeeded || _sweep is null)
        {
            _flights.TryRemove(new KeyValuePair<TKey, Flight>(key, flight));
        }
    }

    /// <summary>Drops results past their window; true while results are left to age (calls in flight arm on completion).</summary>
    private bool Sweep()
    {
        var now = _timeProvider.GetUtcNow();
        var aging = false;
        foreach (var (key, flight) in _flights)
        {
            if (flight.IsFresh(now, _window))
            {
                aging |= flight.CompletedAt is not null;
            }
            else
            {
                _flights.TryRemove(new KeyValuePair<TKey, Flight>(key, flight));
            }
        }

        return aging;
    }

    private sealed class Flight
    {
        private readonly TaskCompletionSource<TValue> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<TValue> Task => _completion.Task;

        public DateTimeOffset? CompletedAt { get; set; }

        public bool IsFresh(DateTimeOffset now, TimeSpan window) =>
            !Task.IsCompleted || (Task.IsCompletedSuccessfully && CompletedAt is { } at && now - at < window);

        public void Start(Func<Task<TValue>> call, SingleFlight<TKey, TValue> owner, TKey key) =>
            _ = RunAsync(call, owner, key);

        private async Task RunAsync(Func<Task<TValue>> call, SingleFlight<TKey, TValue> owner, TKey key)
        {
            try
            {
                var value = await call();
                owner.Completing(key, this, succeeded: true);
                _completion.SetResult(value);
                owner._sweep?.Arm();
            }
            catch (Exception e)
            {
                owner.Completing(key, this, succeeded: false);
                _completion.SetException(e);
            }
        }
    }
}
