using System.Globalization;
using Microsoft.Extensions.Logging;
using Syncer.Kubernetes;
using Syncer.Observability;

namespace Syncer.Restart;

/// <summary>
/// The faces of the restart side (STYLE.md item 18): Events on the workload and on the Secret, the
/// <c>syncer_rollouts_total</c> counter, and log lines. Waiting, failure and stall Events are recorded once per
/// revision (or rollout) through <see cref="OnceLog"/>, not on every pass. Names Secrets, revisions and workloads,
/// never a value.
/// </summary>
internal sealed class RestartReporter
{
    public const string Triggered = "RestartTriggered";
    public const string Failed = "RestartFailed";
    public const string Waiting = "RestartWaiting";
    public const string Stalled = "RestartStalled";

    private readonly EventRecorder _events;
    private readonly SyncerMetrics _metrics;
    private readonly OnceLog _once;
    private readonly ILogger<RestartReporter> _logger;

    public RestartReporter(EventRecorder events, SyncerMetrics metrics, OnceLog once, ILogger<RestartReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        (_events, _metrics, _once, _logger) = (events, metrics, once, logger);
        foreach (var kind in WorkloadKinds.All)
        {
            foreach (var result in (string[])["triggered", "completed", "failed", "stalled"])
            {
                metrics.RolloutsTotal.WithLabels(kind.Name, result); // exported as 0 from the start, so increase() sees the first one
            }
        }
    }

    public Task RolledAsync(WorkloadRecord workload, WorkloadDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var (key, what) = (workload.Key, decision.Describe());
        _metrics.RolloutsTotal.WithLabels(key.Kind.Name, "triggered").Inc();
        Log.Rolled(_logger, key.Kind.Name, key.Namespace, key.Name, what);
        var message = workload.OnDelete
            ? $"Rolled for {what}; its update strategy is OnDelete, so its pods take the new values only when they are deleted"
            : $"Rolled for {what}";
        return _events.RecordAsync(key.Kind.Reference(workload), EventRecorder.Normal, Triggered, message, cancellationToken);
    }

    public async Task RollFailedAsync(WorkloadRecord workload, WorkloadDecision decision, string reason, TimeSpan retryIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(decision);
        var (key, what) = (workload.Key, decision.Describe());
        _metrics.RolloutsTotal.WithLabels(key.Kind.Name, "failed").Inc();
        Log.RollFailed(_logger, key.Kind.Name, key.Namespace, key.Name, what, reason, retryIn);
        if (_once.First(workload.Uid, Failed, decision.Signature()))
        {
            await _events.RecordAsync(key.Kind.Reference(workload), EventRecorder.Warning, Failed,
                $"Could not roll for {what}: {reason}; Syncer retries", cancellationToken);
        }

        foreach (var pending in decision.Owed.Where(p => _once.First(p.Uid, Failed + key.Display, p.Revision.ToString(CultureInfo.InvariantCulture))))
        {
            await _events.RecordAsync(Reference(pending), EventRecorder.Warning, Failed,
                $"Could not roll {key.Display} for revision {pending.Revision}: {reason}; Syncer retries", cancellationToken);
        }
    }

    public async Task WaitingAsync(WorkloadRecord workload, WorkloadDecision decision, int inProgress, int cap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(decision);
        var (key, what) = (workload.Key, decision.Describe());
        var paused = decision.Action == WorkloadAction.Paused;
        if (!_once.First(workload.Uid, Waiting, $"{decision.Action}:{decision.Signature()}"))
        {
            return;
        }

        Log.Waiting(_logger, key.Kind.Name, key.Namespace, key.Name, paused ? "paused" : "cap", what);
        var message = paused
            ? $"The {key.Kind.KubeKind} is paused: it rolls for {what} once it is resumed"
            : $"Waiting for a rollout slot ({inProgress} of {cap} in progress) to roll for {what}";
        await _events.RecordAsync(key.Kind.Reference(workload), EventRecorder.Normal, Waiting, message, cancellationToken);
    }

    /// <summary>Remembers a rollout that had stalled before this process first saw it: whoever saw it stall reported it.</summary>
    public void StallSeen(WorkloadRecord workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        _once.First(workload.Uid, Stalled, Rollout(workload));
    }

    /// <summary>
    /// Reports a stalled rollout once per rollout Syncer started (its pod-template <c>restarted-at</c>), not per
    /// generation: an edit of the workload's metadata bumps its generation without starting a new rollout.
    /// </summary>
    public async Task StalledAsync(WorkloadRecord workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var key = workload.Key;
        if (!_once.First(workload.Uid, Stalled, Rollout(workload)))
        {
            return;
        }

        _metrics.RolloutsTotal.WithLabels(key.Kind.Name, "stalled").Inc();
        Log.Stalled(_logger, key.Kind.Name, key.Namespace, key.Name, workload.Generation);
        await _events.RecordAsync(key.Kind.Reference(workload), EventRecorder.Warning, Stalled,
            "The rollout exceeded its progress deadline; Syncer does not retry it (the next change of a Secret it consumes rolls it again)",
            cancellationToken);
    }

    public void Completed(WorkloadRecord workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        _metrics.RolloutsTotal.WithLabels(workload.Key.Kind.Name, "completed").Inc();
        Log.Completed(_logger, workload.Key.Kind.Name, workload.Key.Namespace, workload.Key.Name);
    }

    /// <summary>The one Event on the Secret when its revision is done: the workloads rolled for it, and any listed that do not exist.</summary>
    public Task SecretDoneAsync(PendingRollout pending, string resourceVersion, IReadOnlyList<WorkloadRecord> rolled, IReadOnlyList<string> missing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(rolled);
        ArgumentNullException.ThrowIfNull(missing);
        var (ns, name) = (pending.Key.Namespace, pending.Key.Name);
        Log.SecretDone(_logger, ns, name, pending.Revision, rolled.Count);
        var reference = EventRecorder.SecretReference(ns, name, pending.Uid, resourceVersion);
        var names = string.Join(", ", rolled.Select(w => w.Key.Display).Order(StringComparer.Ordinal));
        if (missing.Count > 0)
        {
            Log.TargetsMissing(_logger, ns, name, string.Join(", ", missing));
            var done = rolled.Count > 0 ? $"Rolled {names} for revision {pending.Revision}; " : "";
            return _events.RecordAsync(reference, EventRecorder.Warning, Failed,
                $"{done}{Listed(missing)} in syncer.io/restart not found in {ns}", cancellationToken);
        }

        return rolled.Count == 0
            ? Task.CompletedTask
            : _events.RecordAsync(reference, EventRecorder.Normal, Triggered, $"Rolled {names} for revision {pending.Revision}", cancellationToken);
    }

    private static string Rollout(WorkloadRecord workload) =>
        workload.RestartedAt?.ToString("O", CultureInfo.InvariantCulture) ?? workload.Generation.ToString(CultureInfo.InvariantCulture);

    private static string Listed(IReadOnlyList<string> missing) => missing.Count == 1 ? $"{missing[0]} is listed" : $"{string.Join(", ", missing)} are listed";

    private static k8s.Models.V1ObjectReference Reference(PendingRollout pending) =>
        EventRecorder.SecretReference(pending.Key.Namespace, pending.Key.Name, pending.Uid, pending.ResourceVersion);
}
