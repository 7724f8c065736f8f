using System.Collections.Concurrent;

namespace Syncer.Doubles.Kubernetes;

/// <summary>
/// Fault injection for tests; every member is thread-safe. Latency, error rates and forced conflicts are for the
/// code under test: they spare components whose requests are counted apart (the cluster controllers), so those
/// never use up an injected fault. <see cref="DropWatches"/> closes every watch.
/// </summary>
public sealed class KubeFaults
{
    /// <summary>HttpContext item marking a request that faults do not touch.</summary>
    internal const string ExemptItem = "Syncer.Doubles.FaultExempt";

    private readonly ConcurrentDictionary<(string Verb, string Resource), (double Rate, int Code)> _errors = new();
    private readonly ConcurrentDictionary<string, int> _conflicts = new();
    private readonly Lock _lock = new();
    private CancellationTokenSource _watchDrop = new();
    private long _latencyTicks;

    /// <summary>Added before every API request is served.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>Answer a fraction (0..1) of requests matching (verb, resource) with the given HTTP status ("*" matches any).</summary>
    public void SetErrorRate(string verb, string resource, double rate, int statusCode = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1);
        _errors[(verb, resource)] = (rate, statusCode);
    }

    /// <summary>The next <paramref name="count"/> updates/patches of the resource answer 409 Conflict.</summary>
    public void ForceConflicts(string resource, int count) => _conflicts[resource] = count;

    /// <summary>Closes every open watch now (clients see the stream end).</summary>
    public void DropWatches()
    {
        lock (_lock)
        {
            _watchDrop.Cancel();
            _watchDrop.Dispose();
            _watchDrop = new CancellationTokenSource();
        }
    }

    public void Clear()
    {
        Latency = TimeSpan.Zero;
        _errors.Clear();
        _conflicts.Clear();
    }

    /// <summary>Cancelled by the next <see cref="DropWatches"/>.</summary>
    internal CancellationToken WatchDropToken
    {
        get { lock (_lock) { return _watchDrop.Token; } }
    }

    internal int? InjectedError(string verb, string resource)
    {
        foreach (var key in new[] { (verb, resource), (verb, "*"), ("*", resource), ("*", "*") })
        {
            if (_errors.TryGetValue(key, out var fault))
            {
                return Random.Shared.NextDouble() < fault.Rate ? fault.Code : null;
            }
        }

        return null;
    }

    internal bool TakeConflict(string resource)
    {
        while (_conflicts.TryGetValue(resource, out var left) && left > 0)
        {
            if (_conflicts.TryUpdate(resource, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }
}
