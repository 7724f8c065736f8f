using System.Globalization;
using k8s.Models;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Restart;

/// <summary>
/// The labeled Secrets that carry <c>syncer.io/rollout-pending</c>, by namespace: few at any time (only those whose
/// rollouts are under way), filled from the Secret informer's events with the restart policy parsed once per event.
/// Derived from the objects: rebuilt from the initial list at start. Thread-safe.
/// </summary>
internal sealed class PendingRollouts(SyncSpecParser parser)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SecretKey, PendingRollout> _pending = [];
    private readonly Dictionary<string, Dictionary<string, PendingRollout>> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>Records the Secret as seen; returns its pending rollout (null when none), and whether it is new.</summary>
    public (PendingRollout? Pending, bool IsNew) Observe(V1ObjectMeta metadata, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var key = new SecretKey(metadata.NamespaceProperty ?? "", metadata.Name ?? "");
        var snapshot = SecretSnapshot.From(metadata);
        if (DataRevision.Parse(snapshot.Annotation(SyncAnnotations.RolloutPending)) is not { } revision)
        {
            Remove(key);
            return (null, false);
        }

        var policy = parser.Parse(snapshot.Annotations, key.Namespace).Restart;
        var writtenAt = DateTimeOffset.TryParse(snapshot.Annotation(SyncAnnotations.SyncedAt), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t : (DateTimeOffset?)null;
        lock (_gate)
        {
            var before = _pending.GetValueOrDefault(key);
            var isNew = before is null || before.Uid != snapshot.Uid || before.Revision != revision;
            var pending = new PendingRollout(key, snapshot.Uid, snapshot.ResourceVersion, revision, writtenAt, policy, isNew ? now : before!.SeenAt);
            _pending[key] = pending;
            if (!_byNamespace.TryGetValue(key.Namespace, out var inNamespace))
            {
                _byNamespace[key.Namespace] = inNamespace = new Dictionary<string, PendingRollout>(StringComparer.Ordinal);
            }

            inNamespace[key.Name] = pending;
            return (pending, isNew);
        }
    }

    public void Remove(SecretKey key)
    {
        lock (_gate)
        {
            if (_pending.Remove(key) && _byNamespace.TryGetValue(key.Namespace, out var inNamespace) && inNamespace.Remove(key.Name) && inNamespace.Count == 0)
            {
                _byNamespace.Remove(key.Namespace);
            }
        }
    }

    public PendingRollout? Get(SecretKey key)
    {
        lock (_gate)
        {
            return _pending.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<PendingRollout> All()
    {
        lock (_gate)
        {
            return [.. _pending.Values];
        }
    }

    public IReadOnlyList<PendingRollout> InNamespace(string ns)
    {
        lock (_gate)
        {
            return _byNamespace.TryGetValue(ns, out var inNamespace) ? [.. inNamespace.Values] : [];
        }
    }
}
