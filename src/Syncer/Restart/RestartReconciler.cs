using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Leadership;

namespace Syncer.Restart;

/// <summary>
/// The restart side's loop (watch -> index -> coalescing queue -> pass, STYLE.md item 11): <see cref="RestartTriggers"/>
/// fills the index and the queue from the informers; this takes the queue, a workload to <see cref="WorkloadRestarter"/>,
/// a Secret to <see cref="RolloutCompleter"/>. Waits for every initial list before acting. A standby keeps its index
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
    private readonly RestartTriggers _triggers;
    private readonly WorkloadRestarter _restarter;
    private readonly RolloutCompleter _completer;
    private readonly RestartPlanner _planner;
    private readonly WorkQueue<RestartItem> _queue;
    private readonly ILeadership _leadership;
    private readonly RestartOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RestartReconciler> _logger;

    public RestartReconciler(
        ResourceInformer<PartialObjectMetadata> secrets, IEnumerable<IWorkloadFeed> feeds, WorkloadIndex index, PendingRollouts pending, RestartTriggers triggers,
        WorkloadRestarter restarter, RolloutCompleter completer, RestartPlanner planner, WorkQueue<RestartItem> queue, ILeadership leadership,
        IOptions<RestartOptions> options, TimeProvider time, ILogger<RestartReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_secrets, _feeds, _index, _pending, _triggers, _restarter, _completer, _planner) = (secrets, [.. feeds], index, pending, triggers, restarter, completer, planner);
        (_queue, _leadership, _options, _time, _logger) = (queue, leadership, options.Value, time, logger);
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
                _triggers.PublishAndWake();
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

            _triggers.PublishAndWake();
        }
    }
}
