using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Leadership;
using Syncer.Sync;

namespace Syncer.Scheduling;

/// <summary>
/// The Secret informer's subscriber on the scheduling side: each event updates the Secret's state in
/// <see cref="ManagedSecretStore"/> (a Deleted event removes it, in one call) and queues its key; the loop then makes
/// Quartz agree with the state (a periodic trigger per Secret, none for a Secret that went) and hands Secrets that
/// must sync now to the <see cref="SyncDispatcher"/>'s fast lane, as <see cref="SchedulePlanner"/> decides from the
/// object. Level-triggered: it reads the state, not the event, so coalesced or repeated keys are harmless. Waits for
/// the initial list before acting. A failed reconcile is queued again after a delay (no fire-and-forget).
/// A standby plans too (its schedule stays warm), but the dispatcher drops what it hands over; so each leadership term
/// begins by planning every Secret afresh, as a start would (first-seen rules), and a takeover costs what a restart
/// costs: no burst of refreshes, no GET per Secret the old leader wrote.
/// </summary>
internal sealed class ScheduleReconciler : BackgroundService
{
    private readonly ResourceInformer<PartialObjectMetadata> _secrets;
    private readonly ManagedSecretStore _store;
    private readonly SchedulePlanner _planner;
    private readonly SecretJobScheduler _jobs;
    private readonly SyncDispatcher _dispatcher;
    private readonly TimeSpan _retryDelay;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ScheduleReconciler> _logger;
    private readonly WorkQueue<SecretKey> _queue;
    private readonly IDisposable _registration;
    private readonly ILeadership _leadership;
    private int _term; // counts the leadership terms begun; a Secret last planned in an earlier one plans afresh

    public ScheduleReconciler(
        ResourceInformer<PartialObjectMetadata> secrets,
        ManagedSecretStore store,
        SchedulePlanner planner,
        SecretJobScheduler jobs,
        SyncDispatcher dispatcher,
        ILeadership leadership,
        IOptions<SchedulingOptions> options,
        TimeProvider timeProvider,
        ILogger<ScheduleReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        (_secrets, _store, _planner, _jobs, _dispatcher, _leadership, _timeProvider, _logger) = (secrets, store, planner, jobs, dispatcher, leadership, timeProvider, logger);
        _retryDelay = options.Value.RetryInitialDelay;
        _queue = new WorkQueue<SecretKey>(timeProvider);
        // Registered when the host builds its services, before any informer starts: no event is missed.
        _registration = secrets.Register(OnSecretChanged);
    }

    public override void Dispose()
    {
        _registration.Dispose();
        _queue.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _secrets.WaitReadyAsync(stoppingToken);
            Log.Started(_logger, _store.Count);
            // Terms first: a replica that already leads marks every Secret before the queue runs, so each plans once.
            await Task.WhenAll(PlanAfreshEachTermAsync(stoppingToken), ReconcileQueueAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task ReconcileQueueAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var key = await _queue.TakeAsync(stoppingToken);
            try
            {
                await ReconcileAsync(key, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.ReconcileFailed(_logger, ex, key, _retryDelay);
                _queue.AddAfter(key, _retryDelay);
            }
            finally
            {
                _queue.Done(key);
            }
        }
    }

    private Task PlanAfreshEachTermAsync(CancellationToken stoppingToken) => _leadership.AtEachTermStartAsync(_ =>
    {
        Interlocked.Increment(ref _term);
        var count = 0;
        foreach (var key in _store.Keys)
        {
            _queue.Add(key);
            count++;
        }

        Log.PlanningAfresh(_logger, count);
        return Task.CompletedTask;
    }, stoppingToken);

    private void OnSecretChanged(WatchEventType type, PartialObjectMetadata secret)
    {
        var metadata = secret.Metadata;
        var key = new SecretKey(metadata.NamespaceProperty ?? "", metadata.Name);
        if (type == WatchEventType.Deleted)
        {
            // Deleted, or no longer labeled (the server sends DELETED when an object leaves the selector).
            _store.Remove(key);
        }
        else
        {
            _store.Observe(metadata);
        }

        _queue.Add(key);
    }

    private async Task ReconcileAsync(SecretKey key, CancellationToken cancellationToken)
    {
        if (!_store.TryGet(key, out var state))
        {
            if (await _jobs.DeleteAsync(key, cancellationToken))
            {
                Log.Unscheduled(_logger, key);
            }

            return;
        }

        var term = Volatile.Read(ref _term);
        if (state.PlannedInTerm != term)
        {
            state.PlannedInTerm = term;
            state.Applied = null; // plan as first seen: what was decided before this term was not acted on
        }

        var observed = state.Observed;
        var plan = _planner.Plan(state, observed, _timeProvider.GetUtcNow());
        if (plan.Periodic is { } periodic)
        {
            await _jobs.UpsertAsync(key, periodic, cancellationToken);
            state.AppliedSchedule = plan.ScheduleKey;
        }

        state.Interval = plan.Interval;
        state.Applied = observed;
        if (plan.Now.Wanted)
        {
            _dispatcher.SyncNow(key, plan.Now.Delay);
        }

        if (plan.Periodic is not null || plan.Now.Wanted)
        {
            Log.Scheduled(_logger, key, plan.Periodic, plan.Now);
        }
    }
}
