using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>
/// client-go's controller expectations: dependents an owner created or deleted that its cache has not shown yet.
/// Until they show, the owner does not count them again (a stale cache would make it create or delete twice).
/// Keyed by the owner's uid; an expectation older than five minutes is given up, as client-go does.
/// </summary>
internal sealed class Expectations
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void ExpectCreations(string owner, int count) => Update(owner, e => e with { Creations = e.Creations + count });

    public void ExpectDeletion(string owner, string podUid) => Update(owner, e => e with { Deletions = e.Deletions.Add(podUid) });

    public void CreationObserved(string owner) => Update(owner, e => e with { Creations = Math.Max(0, e.Creations - 1) });

    public void DeletionObserved(string owner, string podUid) => Update(owner, e => e with { Deletions = e.Deletions.Remove(podUid) });

    /// <summary>Counts an event of a dependent (a pod, a ReplicaSet) against its controller's expectations.</summary>
    public void Observe(WatchEventType type, IKubernetesObject<V1ObjectMeta> dependent)
    {
        if (dependent.GetController() is not { } owner)
        {
            return;
        }

        if (type == WatchEventType.Added)
        {
            CreationObserved(owner.Uid);
        }
        else if (type == WatchEventType.Deleted)
        {
            DeletionObserved(owner.Uid, dependent.Metadata.Uid);
        }
    }

    public bool Satisfied(string owner) =>
        !_entries.TryGetValue(owner, out var e)
        || (e.Creations == 0 && e.Deletions.IsEmpty)
        || TimeProvider.System.GetUtcNow() - e.Since > Ttl;

    public void Forget(string owner) => _entries.TryRemove(owner, out _);

    private void Update(string owner, Func<Entry, Entry> change) =>
        _entries.AddOrUpdate(owner, _ => change(new Entry(0, [], TimeProvider.System.GetUtcNow())),
            (_, e) => change(e.Creations == 0 && e.Deletions.IsEmpty ? e with { Since = TimeProvider.System.GetUtcNow() } : e));

    private sealed record Entry(int Creations, System.Collections.Immutable.ImmutableHashSet<string> Deletions, DateTimeOffset Since);
}
