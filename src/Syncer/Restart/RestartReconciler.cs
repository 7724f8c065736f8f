using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Leadership;
using Syncer.Observability;
using Syncer.Sync;

namespace Syncer.Restart;

/// <summary>
/// The restart side's loop (watch -> index -> coalescing queue -> pass, STYLE.md item 11). Subscribes to the Secret
/// informer (pending revisions) and to one informer per workload kind (the index), queues the workloads a pending
/// revision concerns after the debounce window, and each workload on its own changes (a rollout finishing, a resume),
/// and the Secrets whose consumers changed. Waits for every initial list before acting. A standby keeps its index
/// warm and drops what it takes; only the leader acts, under the term's token, and each new term looks at every
/// workload and pending Secret afresh (what a standby dropped was not acted on). A pass that throws is queued again
/// after a delay; every item is marked done.
/// </summary>
internal sealed class RestartReconciler : BackgroundService
{
    private readonly ResourceInformer<PartialObjectMetadata> _secrets;
    private readonly IReadOnlyList<IWorkloadFeed> _feeds;
    private readonly WorkloadIndex _index;
    private readonly PendingRollouts _pending;
    private readonly WorkloadRestarter _restarter;
    private readonly RolloutCompleter _completer;
    private readonly RestartPlanner _planner;
    private readonly RestartWaits _waits;
    private readonly RestartReporter _reporter;
    private readonly OnceLog _once;
    private readonly WorkQueue<RestartItem> _queue;
    private readonly ILeadership _leadership;
    private readonly RestartOptions _options;
    private readonly SyncerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<RestartReconciler> _logger;
    private readonly List<IDisposable> _registrations = [];

    public RestartReconciler(
        ResourceInformer<PartialObjectMetadata> secrets, IEnumerable<IWorkloadFeed> feeds, WorkloadIndex index, PendingRollouts pending,
        WorkloadRestarter restarter, RolloutCompleter completer, RestartPlanner planner, RestartWaits waits, RestartReporter reporter, OnceLog once,
        WorkQueue<RestartItem> queue, ILeadership leadership, IOptions<RestartOptions> options, SyncerMetrics metrics, TimeProvider time,
        ILogger<RestartReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        (_secrets, _feeds, _index, _pending, _restarter, _completer, _planner) = (secrets, [.. feeds], index, pending, restarter, completer, planner);
        (_waits, _reporter, _once, _queue, _leadership, _options, _metrics, _time, _logger) = (waits, reporter, once, queue, leadership, options.Value, metrics, time, logger);
        // Registered when the host builds its services, before any informer starts: no event is missed.
        _registrations.Add(secrets.Register(OnSecretChanged));
        _registrations.AddRange(_feeds.Select(feed => feed.Register(OnWorkloadChanged)));
    }

    public override void Dispose()
    {
        _registrations.ForEach(r => r.Dispose());
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll([_secrets.WaitReadyAsync(stoppingToken), .. _feeds.Select(f => f.WaitReadyAsync(stoppingToken))]);
            _index.MarkComplete();
            Log.Started(_logger, _index.Count);
            // Terms first: a replica that already leads queues everything before the queue runs.
            await Task.WhenAll(LookAfreshEachTermAsync(stoppingToken), SweepAsync(stoppingToken), PassesAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task PassesAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var item = await _queue.TakeAsync(stoppingToken);
            var term = _leadership.Token;
            try
            {
                if (!term.IsCancellationRequested)
                {
                    await (item.Workload is { } workload ? _restarter.RunAsync(workload, term) : _completer.RunAsync(item.Secret!.Value, term));
                }
            }
            catch (Exception) when (term.IsCancellationRequested)
            {
                Log.StoppedByLeadershipLoss(_logger, item.ToString()); // the next term looks at it afresh
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.PassFailed(_logger, ex, item.ToString(), _options.RetryInitialDelay);
                _queue.AddAfter(item, _options.RetryInitialDelay);
            }
            finally
            {
                _queue.Done(item);
                PublishAndWake();
            }
        }
    }

    private async Task LookAfreshEachTermAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await _leadership.WaitForLeadershipAsync(stoppingToken);
            var term = _leadership.Token;
            foreach (var key in _index.Keys())
            {
                _queue.Add(RestartItem.Of(key));
            }

            foreach (var rollout in _pending.All())
            {
                _queue.Add(RestartItem.Of(rollout.Key));
            }

            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (term.Register(() => ended.TrySetResult()))
            {
                await ended.Task.WaitAsync(stoppingToken);
            }
        }
    }

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
        foreach (var consumer in _completer.Consumers(rollout).Found)
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
            else if (old?.Progress == RolloutProgress.InProgress && kept.Progress == RolloutProgress.Complete && kept.RolledBySyncer)
            {
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

    /// <summary>
    /// StatefulSets and DaemonSets have no progress deadline of their own: the rolling ones are looked at again now and
    /// then, so one past <see cref="RestartOptions.ProgressDeadline"/> is reported stalled and frees its slot.
    /// </summary>
    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(_planner.SweepInterval, _time, stoppingToken);
            foreach (var rolling in _index.Rolling().Where(w => w.Key.Kind.NeedsOwnDeadline))
            {
                _queue.Add(RestartItem.Of(rolling.Key));
            }

            PublishAndWake();
        }
    }

    /// <summary>Publishes the rollouts in progress; when a slot is free, the workloads waiting for one look again.</summary>
    private void PublishAndWake()
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
