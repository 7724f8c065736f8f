using System.Collections.Concurrent;
using k8s.Models;
using Syncer.Observability;

namespace Syncer.Sync;

/// <summary>
/// The one home of per-Secret state (<see cref="ManagedSecret"/>), filled from the Secret informer's events and
/// removed in one call when a Secret goes. Thread-safe; publishes <see cref="SyncerMetrics.ManagedSecretsGauge"/> and,
/// once per scrape, <see cref="SyncerMetrics.StalestSecretAgeSeconds"/>.
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
            known.Observed = snapshot; // the common case, every watch event of a known Secret: no count to publish
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
        Publish();
        return secret;
    }

    /// <summary>Whether any Secret, as last seen, carries <paramref name="annotation"/>. O(n): for rare checks only.</summary>
    public bool AnyCarries(string annotation) => _secrets.Values.Any(s => s.Observed.Annotations.ContainsKey(annotation));

    public bool Remove(SecretKey key)
    {
        var removed = _secrets.TryRemove(key, out _);
        Publish();
        return removed;
    }

    /// <summary>
    /// Sets the stalest-age gauge (0 with nothing managed). O(n): called once per scrape, not per sync. Only the
    /// leader syncs, so a standby (<paramref name="leadingSince"/> null) reports 0, and a new leader counts from when
    /// it took over, as a freshly started one counts from its start.
    /// </summary>
    public void UpdateStalestAge(DateTimeOffset? leadingSince)
    {
        if (leadingSince is not { } since)
        {
            metrics.StalestSecretAgeSeconds.Set(0);
            return;
        }

        var oldest = DateTimeOffset.MaxValue;
        foreach (var secret in _secrets.Values)
        {
            oldest = secret.FreshSince < oldest ? secret.FreshSince : oldest;
        }

        if (oldest != DateTimeOffset.MaxValue && oldest < since)
        {
            oldest = since;
        }

        metrics.StalestSecretAgeSeconds.Set(oldest == DateTimeOffset.MaxValue ? 0 : (timeProvider.GetUtcNow() - oldest).TotalSeconds);
    }

    /// <summary>Only on an add or a removal: <c>Count</c> takes every lock of the dictionary.</summary>
    private void Publish() => metrics.ManagedSecretsGauge.Set(_secrets.Count);
}
