using System.Globalization;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Restart;

/// <summary>
/// The workloads of the watched namespaces as records, indexed Secret to consumers (same namespace), filled by the
/// workload informers and rebuilt from their lists at start: nothing here must survive a restart. Thread-safe. A
/// record never goes back to an older resourceVersion (the answer to Syncer's own patch may arrive before the watch
/// events that precede it); a rollout seen in progress keeps the time this process first saw it.
/// </summary>
internal sealed class WorkloadIndex : IRolloutConsumers
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WorkloadKey, WorkloadRecord> _records = [];
    // Secret to consumers: an array, copied on change, since nearly every Secret has one or two (a HashSet each cost
    // about 220 bytes per Secret at 10,000 Secrets; an array of one, 48).
    private readonly Dictionary<(string Namespace, string Secret), WorkloadKey[]> _consumers = [];
    private readonly HashSet<WorkloadKey> _rolling = [];
    private volatile bool _complete;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>Every workload informer has listed once: an absent consumer is really absent.</summary>
    public bool IsComplete => _complete;

    public void MarkComplete() => _complete = true;

    /// <returns>The record before (null if new) and the record now kept (the old one when <paramref name="record"/> is older).</returns>
    public (WorkloadRecord? Old, WorkloadRecord Kept) Upsert(WorkloadRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _records.TryGetValue(record.Key, out var old);
            if (old is not null && old.Uid == record.Uid && IsOlder(record.ResourceVersion, old.ResourceVersion))
            {
                return (old, old);
            }

            var sameRollout = old is { InProgressSince: not null } && old.Uid == record.Uid && old.Generation == record.Generation;
            var kept = record with
            {
                InProgressSince = record.Progress != RolloutProgress.InProgress ? null : sameRollout ? old!.InProgressSince : now,
            };
            Unlink(old);
            _records[record.Key] = kept;
            Link(kept);
            return (old, kept);
        }
    }

    public WorkloadRecord? Remove(WorkloadKey key)
    {
        lock (_gate)
        {
            if (!_records.Remove(key, out var old))
            {
                return null;
            }

            Unlink(old);
            return old;
        }
    }

    public WorkloadRecord? Get(WorkloadKey key)
    {
        lock (_gate)
        {
            return _records.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<WorkloadKey> Keys()
    {
        lock (_gate)
        {
            return [.. _records.Keys];
        }
    }

    /// <summary>The workloads whose pod template references the Secret <paramref name="secret"/> in <paramref name="ns"/>.</summary>
    public IReadOnlyList<WorkloadRecord> Consumers(string ns, string secret)
    {
        lock (_gate)
        {
            return _consumers.TryGetValue((ns, secret), out var keys) ? [.. keys.Select(k => _records[k])] : [];
        }
    }

    /// <summary>
    /// The workloads <paramref name="rollout"/>'s policy rolls that exist (auto: those whose pod template references it;
    /// an explicit list: those listed), and the listed ones that do not (as <c>kind/name</c>).
    /// </summary>
    public (IReadOnlyList<WorkloadRecord> Found, IReadOnlyList<string> Missing) Targets(PendingRollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var (ns, name) = (rollout.Key.Namespace, rollout.Key.Name);
        switch (rollout.Policy?.Mode)
        {
            case RestartMode.Auto:
                return (Consumers(ns, name), []);
            case RestartMode.Explicit:
                var found = new List<WorkloadRecord>();
                var missing = new List<string>();
                foreach (var target in rollout.Policy.Targets)
                {
                    if (WorkloadKinds.ByName(target.Kind) is { } kind && Get(new WorkloadKey(kind, ns, target.Name)) is { } record)
                    {
                        found.Add(record);
                    }
                    else
                    {
                        missing.Add(target.ToString());
                    }
                }

                return (found, missing);
            default:
                return ([], []);
        }
    }

    /// <summary>Workloads Syncer rolled whose rollout is in progress (not paused, not stalled by their own deadline).</summary>
    public IReadOnlyList<WorkloadRecord> Rolling()
    {
        lock (_gate)
        {
            return [.. _rolling.Select(k => _records[k])];
        }
    }

    public bool MayHaveConsumers(SecretKey secret, RestartPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Mode switch
        {
            RestartMode.None => false,
            RestartMode.Explicit => true,
            _ => !_complete || Consumers(secret.Namespace, secret.Name).Any(w => !w.OptedOut),
        };
    }

    private void Link(WorkloadRecord record)
    {
        foreach (var secret in record.Secrets)
        {
            var key = (record.Key.Namespace, secret);
            var keys = _consumers.GetValueOrDefault(key, []);
            if (!keys.Contains(record.Key))
            {
                _consumers[key] = [.. keys, record.Key];
            }
        }

        if (record.RolledBySyncer && record.Progress == RolloutProgress.InProgress && !record.Paused)
        {
            _rolling.Add(record.Key);
        }
    }

    private void Unlink(WorkloadRecord? record)
    {
        if (record is null)
        {
            return;
        }

        foreach (var secret in record.Secrets)
        {
            var key = (record.Key.Namespace, secret);
            if (_consumers.TryGetValue(key, out var keys) && keys.Contains(record.Key))
            {
                WorkloadKey[] rest = [.. keys.Where(k => k != record.Key)];
                if (rest.Length == 0)
                {
                    _consumers.Remove(key);
                }
                else
                {
                    _consumers[key] = rest;
                }
            }
        }

        _rolling.Remove(record.Key);
    }

    /// <summary>
    /// resourceVersions are opaque; the API server's are etcd revisions, whole numbers, and compare as such. Anything
    /// else counts as newer, and the patch's resourceVersion guard still keeps a stale record from rolling twice.
    /// </summary>
    private static bool IsOlder(string candidate, string current) =>
        ulong.TryParse(candidate, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
        && ulong.TryParse(current, NumberStyles.None, CultureInfo.InvariantCulture, out var b)
        && a < b;
}
