using k8s.Models;
using Microsoft.Extensions.Logging;
using Syncer.Kubernetes;
using Syncer.Observability;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// The faces of a sync's outcome (STYLE.md item 18): the log line, the metrics, the Event, and for a failure the
/// <c>syncer.io/error</c> annotation (written only when its text changes, guarded by the resourceVersion) and a
/// Warning Event when the text differs from the one last reported, so a failure that repeats does not flood Events.
/// The Warning does not depend on the annotation: when Kubernetes refuses the Secret write (and so the annotation too),
/// the Event still says so. Never a secret value.
/// </summary>
internal sealed class SyncReporter(
    SecretClient secrets,
    SecretPlanner planner,
    EventRecorder events,
    SyncerMetrics metrics,
    ILogger<SyncReporter> logger)
{
    public SyncResult Gone(SecretKey key)
    {
        Log.SecretGone(logger, key.Namespace, key.Name);
        return SyncResult.Gone;
    }

    public void Conflict(SecretKey key, int attempt) => Log.WriteConflict(logger, key.Namespace, key.Name, attempt);

    public void FillGuardRefused(SecretKey key) => Log.FillGuardRefused(logger, key.Namespace, key.Name);

    public void FreshReadDeferred(SecretKey key, TimeSpan spacing, TimeSpan deferredFor) =>
        Log.FreshReadDeferred(logger, key.Namespace, key.Name, spacing, deferredFor);

    public SyncResult Unchanged(SecretView view, string sourceVersion, SecretPlan plan)
    {
        metrics.SyncsTotal.WithLabels("unchanged").Inc();
        Log.SecretUnchanged(logger, view.Key.Namespace, view.Key.Name, sourceVersion);
        return Succeeded(SyncOutcome.Unchanged, view, plan);
    }

    public async Task<SyncResult> ChangedAsync(V1Secret written, SecretPlan plan, string sourceVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(plan);
        var view = SecretView.Of(written);
        var (ns, name) = (view.Key.Namespace, view.Key.Name);
        metrics.SyncsTotal.WithLabels("changed").Inc();
        metrics.SecretWritesTotal.WithLabels(plan.DataChanged ? "data" : "status").Inc();
        var recovered = plan.Annotations.TryGetValue(SyncAnnotations.Error, out var error) && error is null;
        if (plan.DataChanged)
        {
            Log.SecretSynced(logger, ns, name, sourceVersion, plan.SetData.Count, plan.RemoveData.Count);
        }
        else
        {
            Log.StatusUpdated(logger, ns, name);
        }

        if (plan.Adopted.Count > 0)
        {
            Log.KeysAdopted(logger, ns, name, string.Join(",", plan.Adopted));
        }

        if (plan.LeftBehind.Count > 0)
        {
            Log.KeysLeftBehind(logger, ns, name, string.Join(",", plan.LeftBehind));
        }

        if (plan.DataChanged || recovered || plan.Adopted.Count > 0 || plan.LeftBehind.Count > 0)
        {
            var what = plan.DataChanged || plan.Adopted.Count > 0
                ? $"set {plan.SetData.Count} and removed {plan.RemoveData.Count} key(s) from {sourceVersion}"
                : recovered ? $"in step with {sourceVersion} again" : $"data-hash rewritten over {sourceVersion}";
            var adopted = plan.Adopted.Count == 0 ? "" : $"; took over {plan.Adopted.Count} existing key(s), now from Vault: {string.Join(", ", plan.Adopted)}";
            var left = plan.LeftBehind.Count == 0 ? "" : $"; left {plan.LeftBehind.Count} key(s) Vault no longer provides, not proven Syncer's, now unmanaged: {string.Join(", ", plan.LeftBehind)}";
            await events.RecordAsync(view.Reference, EventRecorder.Normal, SyncFailureReasons.SyncedEvent, $"Synced: {what}{adopted}{left}", cancellationToken);
        }

        return Succeeded(SyncOutcome.Changed, view, plan);
    }

    public async Task<SyncResult> FailAsync(ManagedSecret state, SecretView view, SyncFailureReason reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(view);
        var (ns, name) = (view.Key.Namespace, view.Key.Name);
        Log.SyncFailed(logger, ns, name, reason.MetricLabel(), message);
        metrics.SyncsTotal.WithLabels("failed").Inc();
        metrics.SyncFailuresTotal.WithLabels(reason.MetricLabel()).Inc();
        var result = new SyncResult(SyncOutcome.Failed, reason, message);

        var plan = planner.PlanFailure(view.Annotations, message);
        if (plan.IsEmpty)
        {
            return result;
        }

        var about = view.Reference;
        try
        {
            var written = await secrets.PatchAsync(ns, name, plan.ToMergePatch(view.ResourceVersion), cancellationToken);
            state.AdvanceVerified(view.ResourceVersion, written.Metadata.ResourceVersion); // only an annotation changed
            metrics.SecretWritesTotal.WithLabels("status").Inc();
            about = SecretView.Of(written).Reference;
        }
        catch (Exception ex) when (SecretClient.IsFailure(ex, cancellationToken))
        {
            // A 409 here means the Secret moved: its watch event brings the next sync, which reports again.
            Log.ErrorAnnotationFailed(logger, ns, name, SecretClient.Describe("writing the error annotation", ex));
        }

        if (state.ReportedFailure != message)
        {
            state.ReportedFailure = message;
            await events.RecordAsync(about, EventRecorder.Warning, reason.EventReason(), $"{message}; data left unchanged", cancellationToken);
        }

        return result;
    }

    /// <param name="view">The Secret as written (or, unchanged, as it is).</param>
    private static SyncResult Succeeded(SyncOutcome outcome, SecretView view, SecretPlan plan) => new(
        outcome,
        DataHash: plan.DataHash,
        DataChanged: plan.DataChanged,
        ResourceVersion: view.ResourceVersion,
        Revision: DataRevision.Parse(view.Annotation(SyncAnnotations.DataRevision)),
        RolloutPending: DataRevision.Parse(view.Annotation(SyncAnnotations.RolloutPending)));
}
