using System.Collections.Concurrent;

namespace Syncer.Vault;

/// <summary>
/// Concurrent calls with one key share one execution, and a successful result answers the same key for
/// <c>window</c> more (so a sync wave reads each path once). Failures are shared only by the calls already waiting.
/// Each caller may cancel its own wait; the shared call runs on until done. Hand-written: no package in reach offers
/// this (Go's singleflight plus a short result cache).
/// </summary>
internal sealed class SingleFlight<TKey, TValue>(TimeProvider timeProvider, TimeSpan window) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Flight> _flights = new();

    /// <summary>Returns the shared result; <paramref name="shared"/> is raised when this caller did not start the call.</summary>
    public Task<TValue> RunAsync(TKey key, Func<Task<TValue>> call, Action shared, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_flights.TryGetValue(key, out var existing))
            {
                if (existing.IsFresh(timeProvider.GetUtcNow(), window))
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

    private void Completed(TKey key, Flight flight, bool succeeded)
    {
        flight.CompletedAt = timeProvider.GetUtcNow();
        if (!succeeded || window <= TimeSpan.Zero)
        {
            _flights.TryRemove(new KeyValuePair<TKey, Flight>(key, flight));
        }
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
                owner.Completed(key, this, succeeded: true);
                _completion.SetResult(value);
            }
            catch (Exception e)
            {
                owner.Completed(key, this, succeeded: false);
                _completion.SetException(e);
            }
        }
    }
}
