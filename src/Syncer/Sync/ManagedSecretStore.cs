using System.Collections.Concurrent;
using k8s.Models;
using Syncer.Observability;

namespace Syncer.Sync;

/// <summary>
/// The one home of per-Secret state (<see cref="ManagedSecret"/>), filled from the Secret informer's events and
/// removed in one call when a Secret goes. Thread-safe; publishes <see cref="SyncerMetrics.ManagedSecretsGauge"/> and
/// <see cref="SyncerMetrics.StalestSecretAgeSeconds"/> once per scrape (<see cref="UpdateGauges"/>), not per event.
/// </summary>
internal sealed class ManagedSecretStore(SyncerMetrics metrics, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<SecretKey, ManagedSecret> _secrets = new();

    public int Count => _secrets.Count;

    public bool TryGet(SecretKey key, out ManagedSecret secret) => _secrets.TryGetValue(key, out secret!);

    /// <summary>The Secrets managed now (a moment's view).</summary>
    public IEnumerable<SecretKey> Keys => _secrets.Keys;

    /// <summary>Records the Secret as seen; a new uid under a known name (deleted and created again) starts afresh.</summary>
    public ManagedSecret Observe(V1ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var key = new SecretKey(metadata.NamespaceProperty ?? "", metadata.Name ?? "");
        var snapshot = SecretSnapshot.From(metadata);
        if (_secrets.TryGetValue(key, out var known) && known.Observed.SameObjectAs(snapshot))
        {
            known.Observed = snapshot; // the common case, every watch event of a known Secret: one lookup, no allocation
            return known;
        }

        var secret = _secrets.AddOrUpdate(
            key,
            static (k, s) => new ManagedSecret(k, s.Snapshot, s.Now),
            static (k, existing, s) =>
            {
                if (!existing.Observed.SameObjectAs(s.Snapshot))
                {
                    return new ManagedSecret(k, s.Snapshot, s.Now);
                }

                existing.Observed = s.Snapshot;
                return existing;
            },
            (Snapshot: snapshot, Now: timeProvider.GetUtcNow()));
        return secret;
    }

    /// <summary>Whether any Secret, as last seen, carries <paramref name="annotation"/>. O(n): for rare checks only.</summary>
    public bool AnyCarries(string annotation) => _secrets.Values.Any(s => s.Observed.Annotations.ContainsKey(annotation));

    public bool Remove(SecretKey key) => _secrets.TryRemove(key, out _);

    /// <summary>
    /// Sets the managed-Secrets gauge and the stalest-age gauge (0 with nothing managed). O(n), one pass without the
    /// dictionary's locks (its <c>Count</c> and <c>Values</c> take them all, which on every add of a cold start's
    /// 10,000 made the watch and the syncs wait on each other): called once per scrape, not per event. Only the leader
    /// syncs, so a standby (<paramref name="leadingSince"/> null) reports an age of 0, and a new leader counts from when
    /// it took over, as a freshly started one counts from its start.
    /// </summary>
    public void UpdateGauges(DateTimeOffset? leadingSince)
    {
        var count = 0;
        var oldest = DateTimeOffset.MaxValue;
        foreach (var (_, secret) in _secrets)
        {
            count++;
            oldest = secret.FreshSince < oldest ? secret.FreshSince : oldest;
        }

        metrics.ManagedSecretsGauge.Set(count);
        if (leadingSince is not { } since)
        {
            metrics.StalestSecretAgeSeconds.Set(0);
            return;
        }

        if (oldest != DateTimeOffset.MaxValue && oldest < since)
        {
            oldest = since;
        }

        metrics.StalestSecretAgeSeconds.Set(oldest == DateTimeOffset.MaxValue ? 0 : (timeProvider.GetUtcNow() - oldest).TotalSeconds);
    }
}
