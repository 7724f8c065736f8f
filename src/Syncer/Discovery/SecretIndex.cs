using System.Collections.Concurrent;
using Syncer.Observability;

namespace Syncer.Discovery;

/// <summary>
/// The in-memory index of labeled Secrets, filled by <see cref="SecretInformer"/> and read by the scheduler.
/// Thread-safe; every change updates <see cref="SyncerMetrics.ManagedSecretsGauge"/>.
/// </summary>
internal sealed class SecretIndex(SyncerMetrics metrics)
{
    private readonly ConcurrentDictionary<SecretKey, WatchedSecret> _secrets = new();

    public int Count => _secrets.Count;

    public bool TryGet(SecretKey key, out WatchedSecret secret) => _secrets.TryGetValue(key, out secret!);

    /// <summary>Adds or replaces a Secret. A known Secret keeps its <see cref="WatchedSecret.FromInitialList"/> flag.</summary>
    public void Upsert(WatchedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _secrets.AddOrUpdate(
            secret.Key,
            static (_, added) => added,
            static (_, existing, updated) => existing.Uid == updated.Uid && existing.FromInitialList != updated.FromInitialList
                ? updated with { FromInitialList = existing.FromInitialList }
                : updated,
            secret);
        Publish();
    }

    public bool Remove(SecretKey key)
    {
        var removed = _secrets.TryRemove(key, out _);
        Publish();
        return removed;
    }

    /// <summary>
    /// Makes the index agree with a fresh list of one scope (a namespace, or every namespace when
    /// <paramref name="namespaceScope"/> is null): listed Secrets are upserted, the scope's other Secrets removed.
    /// </summary>
    /// <returns>The keys of the Secrets removed because the list no longer has them.</returns>
    public IReadOnlyList<SecretKey> ReplaceScope(string? namespaceScope, IReadOnlyCollection<WatchedSecret> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var keep = new HashSet<SecretKey>(listed.Select(s => s.Key));
        var removed = new List<SecretKey>();
        foreach (var key in _secrets.Keys)
        {
            if ((namespaceScope is null || key.Namespace == namespaceScope) && !keep.Contains(key) && _secrets.TryRemove(key, out _))
            {
                removed.Add(key);
            }
        }

        foreach (var secret in listed)
        {
            Upsert(secret);
        }

        Publish();
        return removed;
    }

    private void Publish() => metrics.ManagedSecretsGauge.Set(_secrets.Count);
}
