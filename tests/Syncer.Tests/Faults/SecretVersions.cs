using System.Text;
using k8s;
using k8s.Models;
using Syncer.Chaos.Watching;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Tests.Faults;

/// <summary>
/// Every version of every Secret in a namespace, as a user's watch sees them (resumed after drops, never from Syncer's
/// memory): what "the data was never blanked" and "no write without a change" are checked against. Thread-safe.
/// </summary>
internal sealed class SecretVersions : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<V1Secret>> _versions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _watch = Task.CompletedTask;
    private int _gaps;

    /// <summary>Resumes that the server refused (410): versions may be missing. The bench's token is spared, so 0.</summary>
    public int Gaps => Volatile.Read(ref _gaps);

    public static SecretVersions Start(IKubernetes client, string ns)
    {
        var versions = new SecretVersions();
        versions._watch = ResumingWatch.RunAsync<V1Secret>(
            (rv, onError, ct) => client.CoreV1.WatchListNamespacedSecretAsync(ns, resourceVersion: rv, allowWatchBookmarks: true, onError: onError, cancellationToken: ct),
            versions.Record,
            _ => Interlocked.Increment(ref versions._gaps),
            versions._stop.Token);
        return versions;
    }

    public IReadOnlyList<V1Secret> Of(string name)
    {
        lock (_lock)
        {
            return _versions.TryGetValue(name, out var list) ? [.. list] : [];
        }
    }

    public V1Secret? Latest(string name) => Of(name) is { Count: > 0 } all ? all[^1] : null;

    /// <summary>Every version of every Secret, as (where, metadata JSON) for the leak scanner: annotations over time.</summary>
    public IEnumerable<(string Where, string Text)> MetadataTexts()
    {
        lock (_lock)
        {
            return [.. _versions.SelectMany(kv => kv.Value.Select(s => ($"Secret {kv.Key}@{s.Metadata.ResourceVersion} metadata", KubernetesJson.Serialize(s.Metadata))))];
        }
    }

    /// <summary>The keys <c>syncer.io/managed-keys</c> names, with their values: what Syncer owns in the Secret.</summary>
    public static IReadOnlyDictionary<string, byte[]> Managed(V1Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var keys = SecretPlanner.ParseManagedKeys(Annotation(secret, SyncAnnotations.ManagedKeys));
        return keys.Where(k => secret.Data?.ContainsKey(k) == true).ToDictionary(k => k, k => secret.Data![k]);
    }

    public static string? Annotation(V1Secret secret, string key) =>
        secret?.Metadata?.Annotations?.TryGetValue(key, out var value) == true ? value : null;

    public static bool SameData(IReadOnlyDictionary<string, byte[]> a, IReadOnlyDictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && kv.Value.AsSpan().SequenceEqual(other));

    /// <summary>Keys and the tail of each value (the bench's values end in their unique marker), for failure messages.</summary>
    public static string Describe(IReadOnlyDictionary<string, byte[]> data) =>
        "{" + string.Join(", ", data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}=…{Tail(Encoding.UTF8.GetString(kv.Value))}")) + "}";

    private static string Tail(string value) => value.Length <= 12 ? value : value[^12..];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch;
        _stop.Dispose();
    }

    private void Record(WatchEventType type, V1Secret secret)
    {
        if (type == WatchEventType.Deleted)
        {
            return;
        }

        lock (_lock)
        {
            if (!_versions.TryGetValue(secret.Metadata.Name, out var list))
            {
                _versions[secret.Metadata.Name] = list = [];
            }

            if (list.Count == 0 || list[^1].Metadata.ResourceVersion != secret.Metadata.ResourceVersion)
            {
                list.Add(secret);
            }
        }
    }
}
