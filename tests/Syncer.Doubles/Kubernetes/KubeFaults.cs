using System.Collections.Concurrent;

namespace Syncer.Doubles.Kubernetes;

/// <summary>
/// Fault injection for tests; every member is thread-safe. Latency, error rates, forced conflicts and expired
/// resourceVersions are for the code under test: they spare components whose requests are counted apart (the cluster
/// controllers), so those never use up an injected fault. <see cref="DropWatches"/> closes every watch.
/// </summary>
public sealed class KubeFaults
{
    /// <summary>HttpContext item marking a request that faults do not touch.</summary>
    internal const string ExemptItem = "Syncer.Doubles.FaultExempt";

    private readonly ConcurrentDictionary<(string Verb, string Resource), (double Rate, int Code)> _errors = new();
    private readonly ConcurrentDictionary<(string Verb, string Resource), TimeSpan> _latencies = new();
    private readonly ConcurrentDictionary<string, int> _conflicts = new();
    private readonly Lock _lock = new();
    private CancellationTokenSource _watchDrop = new();
    private long _latencyTicks;
    private long _expiredThrough = -1;

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

    /// <summary>
    /// Requests matching (verb, resource) ("*" matches any) wait <paramref name="delay"/> before they are served: a slow
    /// server. A write lands after the wait, and not at all if the client goes away first. Watches are not delayed.
    /// </summary>
    public void SetLatency(string verb, string resource, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _latencies[(verb, resource)] = delay;
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

    /// <summary>
    /// As an etcd compaction: every resourceVersion up to the current one is forgotten, so a watch started or resumed
    /// from one gets a watch ERROR event 410 Expired ("too old resource version") and its client must list again. Also
    /// closes every watch (as <see cref="DropWatches"/>) so clients resume at once. Permanent (not undone by
    /// <see cref="Clear"/>), as a compaction is. Components counted apart are spared: their watches just resume.
    /// </summary>
    public void ExpireWatches()
    {
        var current = CurrentResourceVersion?.Invoke() ?? throw new InvalidOperationException("These faults belong to no API double.");
        Interlocked.Exchange(ref _expiredThrough, current);
        DropWatches();
    }

    public void Clear()
    {
        Latency = TimeSpan.Zero;
        _errors.Clear();
        _latencies.Clear();
        _conflicts.Clear();
    }

    /// <summary>The store's resourceVersion, set by the double that owns these faults.</summary>
    internal Func<long>? CurrentResourceVersion { get; set; }

    /// <summary>The newest resourceVersion <see cref="ExpireWatches"/> forgot (-1: none).</summary>
    internal long ExpiredThrough => Interlocked.Read(ref _expiredThrough);

    /// <summary>Cancelled by the next <see cref="DropWatches"/>.</summary>
    internal CancellationToken WatchDropToken
    {
        get { lock (_lock) { return _watchDrop.Token; } }
    }

    internal int? InjectedError(string verb, string resource) =>
        Find(_errors, verb, resource) is { } fault && Random.Shared.NextDouble() < fault.Rate ? fault.Code : null;

    internal TimeSpan? LatencyFor(string verb, string resource) => Find(_latencies, verb, resource);

    /// <summary>The most specific entry for (verb, resource): exact, then any resource, then any verb, then both "*".</summary>
    private static TValue? Find<TValue>(ConcurrentDictionary<(string Verb, string Resource), TValue> entries, string verb, string resource)
        where TValue : struct
    {
        foreach (var key in new[] { (verb, resource), (verb, "*"), ("*", resource), ("*", "*") })
        {
            if (entries.TryGetValue(key, out var value))
            {
                return value;
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
