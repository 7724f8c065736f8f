using System.Collections.Concurrent;

namespace Syncer.Vault;

/// <summary>
/// Remembers for a short while that a key answered "missing" (a 404 read, a 403 mount lookup), so junk paths and
/// Secret retries cost one request per key per <c>duration</c>, not one per attempt. Only the caller decides what is
/// "missing": outages (5xx, sealed, unreachable) must never be remembered here. Entries leave at their time through a
/// <see cref="SweepTimer"/>, asked for again or not. A zero duration remembers nothing.
/// </summary>
internal sealed class NegativeCache<TKey> : IDisposable where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (Exception Error, DateTimeOffset Until)> _entries = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _duration;
    private readonly SweepTimer? _sweep;

    public NegativeCache(TimeProvider timeProvider, TimeSpan duration)
    {
        _timeProvider = timeProvider;
        _duration = duration;
        _sweep = duration > TimeSpan.Zero ? new SweepTimer(timeProvider, duration, Sweep) : null;
    }

    /// <summary>Keys remembered now (for tests and diagnostics).</summary>
    public int Count => _entries.Count;

    /// <summary>The failure remembered for <paramref name="key"/>, unless it has aged out.</summary>
    public Exception? Find(TKey key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (_timeProvider.GetUtcNow() < entry.Until)
        {
            return entry.Error;
        }

        _entries.TryRemove(new KeyValuePair<TKey, (Exception, DateTimeOffset)>(key, entry));
        return null;
    }

    public void Remember(TKey key, Exception error)
    {
        if (_sweep is null)
        {
            return;
        }

        _entries[key] = (error, _timeProvider.GetUtcNow() + _duration);
        _sweep.Arm();
    }

    public void Forget(TKey key) => _entries.TryRemove(key, out _);

    public void Dispose() => _sweep?.Dispose();

    private bool Sweep()
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var entry in _entries)
        {
            if (now >= entry.Value.Until)
            {
                _entries.TryRemove(entry);
            }
        }

        return !_entries.IsEmpty;
    }
}
