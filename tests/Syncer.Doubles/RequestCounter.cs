using System.Collections.Concurrent;

namespace Syncer.Doubles;

/// <summary>
/// Thread-safe request counts by (method, route), kept by each double and served at <c>GET /_sandbox/requests</c>.
/// The Kubernetes double records the Kubernetes verb (get, list, watch, create, update, patch, delete) and the
/// resource plural ("secrets"); the Vault double records the HTTP method and the path after <c>/v1/</c>
/// (<c>GET secret/data/shop/db</c>). Test hooks (seeding through the double's own methods) are not counted.
/// </summary>
public sealed class RequestCounter
{
    private readonly ConcurrentDictionary<(string Method, string Route), long> _counts = new();

    public void Record(string method, string route) =>
        _counts.AddOrUpdate((method, route), 1, static (_, n) => n + 1);

    public long Count(string method, string route) => _counts.TryGetValue((method, route), out var n) ? n : 0;

    public long CountWhere(Func<string, string, bool> predicate) =>
        _counts.Where(kv => predicate(kv.Key.Method, kv.Key.Route)).Sum(kv => kv.Value);

    public long Total => _counts.Values.Sum();

    /// <summary>"METHOD route" to count, sorted, for <c>/_sandbox/requests</c> and test messages.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        new SortedDictionary<string, long>(
            _counts.ToDictionary(kv => $"{kv.Key.Method} {kv.Key.Route}", kv => kv.Value), StringComparer.Ordinal);

    public void Reset() => _counts.Clear();
}
