using System.Collections.Concurrent;
using Syncer.Discovery;
using Syncer.Observability;

namespace Syncer.Scheduling;

/// <summary>
/// When each scheduled Secret last synced successfully (or, before its first success, since when it has been
/// scheduled): feeds <see cref="SyncerMetrics.LastSuccessfulSyncTimestamp"/> and, at each scrape,
/// <see cref="SyncerMetrics.StalestSecretAgeSeconds"/>.
/// </summary>
internal sealed class SyncFreshness(SyncerMetrics metrics, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<SecretKey, DateTimeOffset> _since = new();

    public void Track(SecretKey key) => _since.TryAdd(key, timeProvider.GetUtcNow());

    public void Succeeded(SecretKey key)
    {
        var now = timeProvider.GetUtcNow();
        if (_since.ContainsKey(key))
        {
            _since[key] = now;
        }

        metrics.LastSuccessfulSyncTimestamp.Set(now.ToUnixTimeMilliseconds() / 1000d);
    }

    public void Forget(SecretKey key) => _since.TryRemove(key, out _);

    /// <summary>Sets the stalest-age gauge (0 with nothing scheduled). O(n): called once per scrape, not per sync.</summary>
    public void UpdateStalestAge()
    {
        var oldest = DateTimeOffset.MaxValue;
        foreach (var since in _since.Values)
        {
            oldest = since < oldest ? since : oldest;
        }

        metrics.StalestSecretAgeSeconds.Set(oldest == DateTimeOffset.MaxValue ? 0 : (timeProvider.GetUtcNow() - oldest).TotalSeconds);
    }
}
