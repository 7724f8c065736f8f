using System.Globalization;
using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Rules;

namespace Syncer.Doubles.Kubernetes.Store;

/// <summary>
/// The double's etcd: objects as JSON by bucket and "namespace/name", one cluster-wide resourceVersion bumped on
/// every write, and a bounded history of changes that feeds watches and consistent list pages.
/// One lock serialises every write, which is plenty for a test double.
/// </summary>
internal sealed class ObjectStore(TimeProvider clock, int historySize)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _buckets = [];
    private readonly List<StoreEvent> _history = []; // entries before _historyStart are pruned
    private int _historyStart;
    private readonly List<WatchSubscription> _subscribers = [];
    private long _rv;

    public long ResourceVersion
    {
        get { lock (_lock) { return _rv; } }
    }

    /// <summary>The oldest resourceVersion a watch or a continue token may start from.</summary>
    public long OldestRetained
    {
        get { lock (_lock) { return Math.Max(0, _rv - historySize); } }
    }

    public static string Key(string ns, string name) => $"{ns}/{name}";

    public bool NamespaceExists(string ns)
    {
        lock (_lock) { return Bucket("namespaces").ContainsKey(Key("", ns)); }
    }

    public JsonObject? Get(string storageKey, string ns, string name)
    {
        lock (_lock) { return Bucket(storageKey).TryGetValue(Key(ns, name), out var o) ? (JsonObject)o.DeepClone() : null; }
    }

    /// <summary>
    /// Objects of a bucket (one namespace or all, keys from <paramref name="startKey"/> on) as they were at
    /// <paramref name="atRv"/> (null = now), sorted by key. The objects are the stored ones: read-only.
    /// </summary>
    public (List<KeyValuePair<string, JsonObject>> Items, long ResourceVersion) List(string storageKey, string? ns, long? atRv, string startKey = "")
    {
        lock (_lock)
        {
            var rv = atRv ?? _rv;
            IEnumerable<KeyValuePair<string, JsonObject>> state = Bucket(storageKey);
            var later = rv >= _rv ? []
                : _history.Skip(_historyStart).Where(c => c.ResourceVersion > rv && c.StorageKey == storageKey).ToList();
            if (later.Count > 0)
            {
                // Roll back the changes made after rv: the history holds each change's previous object.
                var rolledBack = new SortedDictionary<string, JsonObject>(Bucket(storageKey), StringComparer.Ordinal);
                for (var i = later.Count - 1; i >= 0; i--)
                {
                    var key = KeyOf(later[i].Object);
                    if (later[i].Previous is { } previous)
                    {
                        rolledBack[key] = previous;
                    }
                    else
                    {
                        rolledBack.Remove(key);
                    }
                }

                state = rolledBack;
            }

            var prefix = ns is null ? "" : ns + "/";
            var items = state
                .Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(kv.Key, startKey) >= 0)
                .ToList();
            return (items, rv);
        }
    }

    /// <summary>Stores a new object (namespace checked, generateName resolved, system metadata stamped).</summary>
    public JsonObject Create(ResourceType type, JsonObject obj, Action<JsonObject> validate, bool dryRun = false)
    {
        lock (_lock)
        {
            var meta = (JsonObject)obj["metadata"]!;
            var ns = (string?)meta["namespace"] ?? "";
            if (type.Namespaced && !Bucket("namespaces").ContainsKey(Key("", ns)))
            {
                throw KubeErrors.NamespaceNotFound(ns);
            }

            if (string.IsNullOrEmpty((string?)meta["name"]) && (string?)meta["generateName"] is { Length: > 0 } prefix)
            {
                meta["name"] = ObjectMeta.GenerateName(prefix, n => Bucket(type.StorageKey).ContainsKey(Key(ns, n)));
            }

            validate(obj);
            var name = (string)meta["name"]!;
            var bucket = Bucket(type.StorageKey);
            if (bucket.ContainsKey(Key(ns, name)))
            {
                throw KubeErrors.AlreadyExists(type, name);
            }

            ObjectMeta.StampCreate(type, obj, clock.GetUtcNow());
            if (!dryRun)
            {
                Commit(type.StorageKey, "ADDED", obj, null);
            }

            return (JsonObject)obj.DeepClone();
        }
    }

    /// <summary>
    /// Replaces an object with what <paramref name="mutate"/> makes of (a copy of) the current one. A write that
    /// changes nothing keeps the resourceVersion and sends no event, like the real server. A
    /// <paramref name="statusWrite"/> (to <c>/status</c>) never moves the generation.
    /// </summary>
    public JsonObject Update(ResourceType type, string ns, string name, Func<JsonObject, JsonObject> mutate, bool dryRun = false, bool statusWrite = false)
    {
        lock (_lock)
        {
            if (!Bucket(type.StorageKey).TryGetValue(Key(ns, name), out var current))
            {
                throw KubeErrors.NotFound(type, name);
            }

            var next = mutate((JsonObject)current.DeepClone());
            ObjectMeta.StampUpdate(type, current, next, statusWrite);
            if (JsonNode.DeepEquals(current, next) || dryRun)
            {
                return (JsonObject)next.DeepClone();
            }

            var pendingDelete = next["metadata"]?["deletionTimestamp"] is not null
                && next["metadata"]?["finalizers"] is not JsonArray { Count: > 0 };
            Commit(type.StorageKey, pendingDelete ? "DELETED" : "MODIFIED", next, current);
            return (JsonObject)next.DeepClone();
        }
    }

    /// <summary>
    /// Deletes an object, or only marks it (deletionTimestamp) while it has finalizers. Returns the object as
    /// deleted/marked and whether it is gone.
    /// </summary>
    public (JsonObject Object, bool Gone) Delete(ResourceType type, string ns, string name, string? expectedRv, string? expectedUid, bool dryRun = false)
    {
        lock (_lock)
        {
            if (!Bucket(type.StorageKey).TryGetValue(Key(ns, name), out var current))
            {
                throw KubeErrors.NotFound(type, name);
            }

            var meta = current["metadata"]!;
            if (expectedUid is not null && expectedUid != (string?)meta["uid"])
            {
                throw KubeErrors.Conflict(type, name, $"Precondition failed: UID in precondition: {expectedUid}, UID in object meta: {(string?)meta["uid"]}");
            }

            if (expectedRv is not null && expectedRv != (string?)meta["resourceVersion"])
            {
                throw KubeErrors.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {expectedRv}, ResourceVersion in object meta: {(string?)meta["resourceVersion"]}");
            }

            var next = (JsonObject)current.DeepClone();
            if (dryRun)
            {
                return (next, meta["finalizers"] is not JsonArray { Count: > 0 });
            }

            if (meta["finalizers"] is JsonArray { Count: > 0 })
            {
                if (meta["deletionTimestamp"] is not null)
                {
                    return (next, false);
                }

                next["metadata"]!["deletionTimestamp"] = ObjectMeta.FormatTime(clock.GetUtcNow());
                next["metadata"]!["deletionGracePeriodSeconds"] = 0;
                Commit(type.StorageKey, "MODIFIED", next, current);
                return ((JsonObject)next.DeepClone(), false);
            }

            Commit(type.StorageKey, "DELETED", next, current);
            return ((JsonObject)next.DeepClone(), true);
        }
    }

    /// <summary>Removes every namespaced object of a namespace (the namespace controller's work, done at once).</summary>
    public void PurgeNamespace(string ns)
    {
        lock (_lock)
        {
            foreach (var (storageKey, bucket) in _buckets.Where(b => b.Key != "namespaces").ToList())
            {
                foreach (var (_, obj) in bucket.Where(kv => kv.Key.StartsWith(ns + "/", StringComparison.Ordinal)).ToList())
                {
                    Commit(storageKey, "DELETED", (JsonObject)obj.DeepClone(), obj);
                }
            }
        }
    }

    /// <summary>Deletes every object of a bucket (a CustomResourceDefinition's resources when it is deleted).</summary>
    public void PurgeBucket(string storageKey)
    {
        lock (_lock)
        {
            foreach (var (_, obj) in Bucket(storageKey).ToList())
            {
                Commit(storageKey, "DELETED", (JsonObject)obj.DeepClone(), obj);
            }
        }
    }

    /// <summary>Opens a watch feed: from <paramref name="fromRv"/> (replaying later history) or, when null, from now with the current objects as initial state.</summary>
    public WatchSubscription Subscribe(string storageKey, long? fromRv)
    {
        lock (_lock)
        {
            var oldest = Math.Max(0, _rv - historySize);
            if (fromRv is { } from && from < oldest)
            {
                throw KubeErrors.Expired($"too old resource version: {from} ({oldest})");
            }

            // Stored objects are never mutated after insertion, so the watcher may share them.
            var initial = fromRv is null ? Bucket(storageKey).Values.ToList() : [];
            var subscription = new WatchSubscription(storageKey, initial, Unsubscribe);
            foreach (var change in _history.Skip(_historyStart).Where(c => c.ResourceVersion > (fromRv ?? long.MaxValue) && c.StorageKey == storageKey))
            {
                subscription.Publish(change);
            }

            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>The current resourceVersion if the subscriber has read everything up to it (for a BOOKMARK), else null.</summary>
    public long? BookmarkFor(WatchSubscription subscription)
    {
        lock (_lock) { return subscription.Events.Count == 0 ? _rv : null; }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_lock) { _subscribers.Remove(subscription); }
    }

    private void Commit(string storageKey, string type, JsonObject obj, JsonObject? previous)
    {
        _rv++;
        obj["metadata"]!["resourceVersion"] = _rv.ToString(CultureInfo.InvariantCulture);
        var bucket = Bucket(storageKey);
        if (type == "DELETED")
        {
            bucket.Remove(KeyOf(obj));
        }
        else
        {
            bucket[KeyOf(obj)] = (JsonObject)obj.DeepClone();
        }

        var change = new StoreEvent(_rv, storageKey, type, (JsonObject)obj.DeepClone(), previous);
        _history.Add(change);
        while (_history[_historyStart].ResourceVersion <= _rv - historySize)
        {
            _historyStart++;
        }

        if (_historyStart > 1024 && _historyStart > _history.Count / 2)
        {
            _history.RemoveRange(0, _historyStart);
            _historyStart = 0;
        }

        foreach (var subscriber in _subscribers.Where(s => s.StorageKey == storageKey))
        {
            subscriber.Publish(change);
        }
    }

    private static string KeyOf(JsonObject obj) =>
        Key((string?)obj["metadata"]?["namespace"] ?? "", (string)obj["metadata"]!["name"]!);

    private SortedDictionary<string, JsonObject> Bucket(string storageKey)
    {
        if (!_buckets.TryGetValue(storageKey, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _buckets[storageKey] = bucket;
        }

        return bucket;
    }
}
