using k8s;
using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Leadership;
using Syncer.Observability;
using Syncer.Sync;

namespace Syncer.Restart;

/// <summary>
/// The restart side's watch callbacks (thin: they update the index and the pending revisions, and queue): a Secret
/// whose pending revision appears queues its consumers and itself after the debounce window; a workload's change
/// queues it, and the pending Secrets it concerns (it may have been the last consumer they waited for). Also
/// publishes the rollouts in progress and wakes the workloads waiting for a slot. Subscribes when the host builds its
/// services, before any informer starts, so no event is missed.
/// </summary>
internal sealed class RestartTriggers : IDisposable
{
    private readonly WorkloadIndex _index;
    private readonly PendingRollouts _pending;
    private readonly RestartPlanner _planner;
    private readonly RestartWaits _waits;
    private readonly RestartReporter _reporter;
    private readonly OnceLog _once;
    private readonly WorkQueue<RestartItem> _queue;
    private readonly RestartOptions _options;
    private readonly SyncerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILeadership _leadership;
    private readonly List<IDisposable> _registrations = [];

    public RestartTriggers(
        ResourceInformer<PartialObjectMetadata> secrets, IEnumerable<IWorkloadFeed> feeds, WorkloadIndex index, PendingRollouts pending, RestartPlanner planner,
        RestartWaits waits, RestartReporter reporter, OnceLog once, WorkQueue<RestartItem> queue, IOptions<RestartOptions> options, SyncerMetrics metrics, TimeProvider time,
        ILeadership leadership)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(options);
        (_index, _pending, _planner, _waits, _reporter, _once, _queue) = (index, pending, planner, waits, reporter, once, queue);
        (_options, _metrics, _time, _leadership) = (options.Value, metrics, time, leadership);
        _registrations.Add(secrets.Register(OnSecretChanged));
        _registrations.AddRange(feeds.Select(feed => feed.Register(OnWorkloadChanged)));
    }

    public void Dispose() => _registrations.ForEach(r => r.Dispose());

    private void OnSecretChanged(WatchEventType type, PartialObjectMetadata secret)
    {
        var metadata = secret.Metadata;
        var key = new SecretKey(metadata.NamespaceProperty ?? "", metadata.Name);
        if (type == WatchEventType.Deleted)
        {
            _pending.Remove(key);
            _once.Forget(metadata.Uid ?? "");
            return;
        }

        var now = _time.GetUtcNow();
        if (_pending.Observe(metadata, now).Pending is not { } rollout)
        {
            return;
        }

        var delay = rollout.SeenAt + _options.Debounce - now;
        foreach (var consumer in _index.Targets(rollout).Found)
        {
            _queue.AddAfter(RestartItem.Of(consumer.Key), delay);
        }

        _queue.AddAfter(RestartItem.Of(key), delay);
    }

    private void OnWorkloadChanged(WatchEventType type, WorkloadKey key, WorkloadRecord? record)
    {
        var now = _time.GetUtcNow();
        WorkloadRecord? old;
        if (record is null)
        {
            old = _index.Remove(key);
            _once.Forget(old?.Uid ?? "");
            _waits.Forget(key);
        }
        else
        {
            (old, var kept) = _index.Upsert(record, now);
            if (ReferenceEquals(kept, old))
            {
                return; // older than what the index holds (Syncer's own patch answered first)
            }

            if (old is null && kept.Progress == RolloutProgress.Stalled)
            {
                _reporter.StallSeen(kept);
            }
            else if (old?.Progress == RolloutProgress.InProgress && kept.Progress == RolloutProgress.Complete && kept.RolledBySyncer && _leadership.IsLeader)
            {
                // Standbys watch the same workloads: only the leader counts, so the counter summed over replicas is right.
                _reporter.Completed(kept);
            }

            _queue.Add(RestartItem.Of(key));
            record = kept;
        }

        // A consumer that went, opted out or rolled may be the last one a pending revision waited for.
        foreach (var rollout in _pending.InNamespace(key.Namespace).Where(p => (old is not null && p.Targets(old)) || (record is not null && p.Targets(record))))
        {
            _queue.Add(RestartItem.Of(rollout.Key));
        }

        PublishAndWake();
    }

    /// <summary>Publishes the rollouts in progress; when a slot is free, the workloads waiting for one look again.</summary>
    public void PublishAndWake()
    {
        var inProgress = _planner.InProgress(_index.Rolling(), _time.GetUtcNow());
        _metrics.RolloutsInProgressGauge.Set(inProgress);
        if (inProgress < _options.MaxRolloutsInProgress)
        {
            foreach (var waiter in _waits.CapWaiters())
            {
                _queue.Add(RestartItem.Of(waiter));
            }
        }
    }
}
