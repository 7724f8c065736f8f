using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Observability;
using Syncer.Policy;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// Syncs one Secret, level-triggered: GET it, parse its spec, check the tenancy policy (before any Vault read), read
/// Vault through the shared read cache, build the desired data, and write only the difference. A failure never
/// changes data: it sets <c>syncer.io/error</c> (when its text changes, with a Warning Event then), logs, and counts.
/// Called by the scheduler's job; safe to call concurrently for different Secrets.
/// </summary>
internal sealed class SecretSynchronizer(
    IKubernetes kubernetes,
    SyncSpecParser parser,
    TenancyPolicy policy,
    SourceReader sources,
    DesiredDataBuilder builder,
    SecretPlanner planner,
    HmacKeyStore hmacKeys,
    SecretWriter writer,
    SecretEventRecorder events,
    SyncerMetrics metrics,
    TimeProvider timeProvider,
    IOptions<SyncOptions> options,
    ILogger<SecretSynchronizer> logger)
{
    private readonly SyncOptions _options = options.Value;

    public async Task<SyncResult> SyncAsync(string @namespace, string name, bool forceFreshRead, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var started = timeProvider.GetTimestamp();
        try
        {
            return await SyncCoreAsync(@namespace, name, forceFreshRead, cancellationToken);
        }
        finally
        {
            metrics.SyncSeconds.Observe(timeProvider.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>
    /// Syncs from a Secret the caller already holds (a watch cache, say) instead of a fresh GET. It must be complete
    /// (data included). If it is stale the guarded write gets 409 Conflict and the Secret is read again, so a stale
    /// copy costs one extra round trip, never a lost update. A stale copy that already matches Vault reports
    /// Unchanged without a write; the watch event that carries the newer version triggers the next sync.
    /// </summary>
    public async Task<SyncResult> SyncAsync(V1Secret secret, bool forceFreshRead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret?.Metadata);
        var started = timeProvider.GetTimestamp();
        try
        {
            return await SyncSecretAsync(secret, forceFreshRead, cancellationToken);
        }
        finally
        {
            metrics.SyncSeconds.Observe(timeProvider.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<SyncResult> SyncCoreAsync(string ns, string name, bool forceFreshRead, CancellationToken cancellationToken)
    {
        V1Secret? secret;
        try
        {
            secret = await SecretWriter.ReadAsync(kubernetes, ns, name, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            // Nothing to annotate without the Secret: log and count only.
            return Failed(ns, name, null, SyncFailureReason.KubernetesError, SecretWriter.Describe("reading", ex, 1));
        }

        if (secret is null)
        {
            Log.SecretNotFound(logger, ns, name);
            return SyncResult.NotFound;
        }

        return await SyncSecretAsync(secret, forceFreshRead, cancellationToken);
    }

    private async Task<SyncResult> SyncSecretAsync(V1Secret secret, bool forceFreshRead, CancellationToken cancellationToken)
    {
        var (ns, name) = (secret.Metadata.NamespaceProperty, secret.Metadata.Name);
        if (!SecretWriter.IsManaged(secret))
        {
            Log.SecretNotManaged(logger, ns, name);
            return SyncResult.NotManaged;
        }

        var parsed = parser.Parse(secret.Metadata.Annotations?.ToDictionary(StringComparer.Ordinal), ns);
        if (!parsed.IsValid)
        {
            return await FailAsync(secret, null, SyncFailureReason.InvalidSpec, parsed.ErrorSummary, cancellationToken);
        }

        var spec = parsed.Spec;
        foreach (var source in spec.Sources)
        {
            var decision = policy.Check(ns, source.FullPath);
            if (!decision.Allowed)
            {
                return await FailAsync(secret, spec, SyncFailureReason.Forbidden, decision.Reason, cancellationToken);
            }
        }

        var window = spec.Refresh ?? (spec.Schedule is null ? _options.DefaultRefresh : _options.MinimumRefresh);
        var read = await sources.ReadAsync(spec.Sources, window, forceFreshRead, cancellationToken);
        if (read.Failure is { } readFailure)
        {
            return await FailAsync(secret, spec, readFailure, read.Message!, cancellationToken);
        }

        foreach (var (source, secretRead) in read.Reads)
        {
            var decision = policy.CheckResolved(ns, source.FullPath, secretRead.Mount);
            if (!decision.Allowed)
            {
                return await FailAsync(secret, spec, SyncFailureReason.Forbidden, decision.Reason, cancellationToken);
            }
        }

        var desired = builder.Build(spec, read.Reads);
        if (desired.Data is null)
        {
            return await FailAsync(secret, spec, SyncFailureReason.SourceMissing, desired.Error!, cancellationToken);
        }

        byte[] key;
        try
        {
            key = await hmacKeys.GetKeyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or InvalidOperationException)
        {
            var message = ex is InvalidOperationException ? ex.Message : SecretWriter.Describe("reading the data-hash key for", ex, 1);
            return await FailAsync(secret, spec, SyncFailureReason.KubernetesError, message, cancellationToken);
        }

        var now = timeProvider.GetUtcNow();
        var sourceVersion = read.SourceVersion;
        var write = await writer.WriteAsync(
            secret,
            s => planner.PlanSuccess(s.Data, s.Metadata.Annotations, desired.Data, sourceVersion, key, now),
            cancellationToken);
        return write.Status switch
        {
            WriteStatus.NotFound => SyncResult.NotFound,
            WriteStatus.NotManaged => SyncResult.NotManaged,
            WriteStatus.Failed when write.Secret.Immutable == true && write.Plan.DataChanged => await FailAsync(
                write.Secret, spec, SyncFailureReason.InvalidSpec, "the Secret is immutable (immutable: true), so Syncer cannot change its data", cancellationToken),
            WriteStatus.Failed => await FailAsync(write.Secret, spec, SyncFailureReason.KubernetesError, write.Message!, cancellationToken),
            _ => await SucceededAsync(write, spec, sourceVersion, now, cancellationToken),
        };
    }

    private async Task<SyncResult> SucceededAsync(WriteResult write, SyncSpec spec, string sourceVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (ns, name) = (write.Secret.Metadata.NamespaceProperty, write.Secret.Metadata.Name);
        if (write.Status == WriteStatus.NothingToWrite)
        {
            metrics.SyncsTotal.WithLabels("unchanged").Inc();
            Log.SecretUnchanged(logger, ns, name, sourceVersion);
            return new SyncResult(SecretSyncOutcome.Unchanged, Spec: spec);
        }

        var plan = write.Plan;
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

        if (plan.DataChanged || recovered)
        {
            var what = plan.DataChanged
                ? $"set {plan.SetData.Count} and removed {plan.RemoveData.Count} key(s) from {sourceVersion}"
                : $"in step with {sourceVersion} again";
            await events.RecordAsync(write.Secret, SecretEventRecorder.Normal, SyncFailureReasons.SyncedEvent, $"Synced: {what}", cancellationToken);
        }

        return new SyncResult(SecretSyncOutcome.Changed, Spec: spec);
    }

    private async Task<SyncResult> FailAsync(V1Secret secret, SyncSpec? spec, SyncFailureReason reason, string message, CancellationToken cancellationToken)
    {
        var result = Failed(secret.Metadata.NamespaceProperty, secret.Metadata.Name, spec, reason, message);
        var write = await writer.WriteAsync(secret, s => planner.PlanFailure(s.Metadata.Annotations, message), cancellationToken);
        if (write.Status == WriteStatus.Written)
        {
            metrics.SecretWritesTotal.WithLabels("status").Inc();
            await events.RecordAsync(write.Secret, SecretEventRecorder.Warning, reason.EventReason(),
                $"{message}; data left unchanged", cancellationToken);
        }
        else if (write.Status == WriteStatus.Failed)
        {
            Log.ErrorAnnotationFailed(logger, secret.Metadata.NamespaceProperty, secret.Metadata.Name, write.Message ?? "");
        }

        return result;
    }

    private SyncResult Failed(string ns, string name, SyncSpec? spec, SyncFailureReason reason, string message)
    {
        Log.SyncFailed(logger, ns, name, reason.MetricLabel(), message);
        metrics.SyncsTotal.WithLabels("failed").Inc();
        metrics.SyncFailuresTotal.WithLabels(reason.MetricLabel()).Inc();
        return new SyncResult(SecretSyncOutcome.Failed, reason, message, reason.IsTransient() ? _options.TransientFailureRetry : null, spec);
    }
}
