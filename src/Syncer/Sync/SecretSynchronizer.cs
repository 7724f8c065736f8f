using System.Net;
using k8s.Autorest;
using Microsoft.Extensions.Options;
using Syncer.Kubernetes;
using Syncer.Observability;
using Syncer.Policy;
using Syncer.Restart;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// Syncs one Secret, level-triggered (PRODUCT.md sections 2 and 3): its spec (one parse of its annotations), the
/// tenancy policy (before any Vault read), the Vault read through the shared read cache, the desired data and its
/// HMAC, then only the difference, in one merge patch guarded by the resourceVersion. A Secret still at the
/// resourceVersion Syncer verified costs no GET: equal hashes cost no request at all, a new hash one patch planned
/// from metadata. Anything else (first pass since start, a hand edit, a 409) reads the Secret and plans from its
/// data; after a 409 the spec is parsed again from the fresh object. Failures never change data and never throw:
/// they come back as a <see cref="SyncResult"/> (reported by <see cref="SyncReporter"/>). A data change marks its
/// revision's rollout pending in the same patch when the workload index says the Secret may have consumers. Safe to call concurrently
/// for different Secrets; the dispatcher never runs one Secret twice at once.
/// </summary>
internal sealed class SecretSynchronizer(
    ManagedSecretStore store,
    SecretClient secrets,
    SyncSpecParser parser,
    TenancyPolicy policy,
    SourceReader sources,
    DesiredDataBuilder builder,
    SecretPlanner planner,
    HmacKeyStore hmacKeys,
    IRolloutConsumers consumers,
    SyncReporter reporter,
    SyncerMetrics metrics,
    TimeProvider timeProvider,
    IOptions<SyncOptions> options) : ISyncHandler
{
    private readonly int _maxWriteAttempts = options.Value.MaxWriteAttempts;

    public async Task<SyncResult> SyncAsync(SecretKey key, CancellationToken cancellationToken)
    {
        if (!store.TryGet(key, out var state))
        {
            return reporter.Gone(key);
        }

        var started = timeProvider.GetTimestamp();
        try
        {
            return await SyncStateAsync(state, cancellationToken);
        }
        finally
        {
            metrics.SyncSeconds.Observe(timeProvider.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<SyncResult> SyncStateAsync(ManagedSecret state, CancellationToken cancellationToken)
    {
        var mustRead = false;
        for (var attempt = 1; ; attempt++)
        {
            await state.StatusWriteDone.WaitAsync(cancellationToken); // the restart side's own write: its watch event is Syncer's
            var observed = state.Observed;
            SecretView view;
            if (!mustRead && observed.ResourceVersion == state.VerifiedResourceVersion)
            {
                view = SecretView.Of(state.Key, observed);
            }
            else
            {
                try
                {
                    var fetched = await secrets.GetAsync(state.Key.Namespace, state.Key.Name, cancellationToken);
                    if (fetched is null || !SyncAnnotations.IsManaged(fetched.Metadata))
                    {
                        return reporter.Gone(state.Key);
                    }

                    view = SecretView.Of(fetched);
                }
                catch (Exception ex) when (SecretClient.IsFailure(ex, cancellationToken))
                {
                    return await reporter.FailAsync(state, SecretView.Of(state.Key, observed), SyncFailureReason.KubernetesError,
                        SecretClient.Describe("reading the Secret", ex), cancellationToken);
                }
            }

            if (await SyncViewAsync(state, view, attempt, cancellationToken) is { } result)
            {
                return result;
            }

            mustRead = true; // 409: someone wrote in between; start again from the fresh object and its own spec
        }
    }

    /// <returns>The result, or null after a 409 Conflict that leaves attempts.</returns>
    private async Task<SyncResult?> SyncViewAsync(ManagedSecret state, SecretView view, int attempt, CancellationToken cancellationToken)
    {
        var verifiedBefore = state.VerifiedResourceVersion;
        var parsed = parser.Parse(view.Annotations, view.Key.Namespace);
        if (!parsed.IsValid)
        {
            return await reporter.FailAsync(state, view, SyncFailureReason.InvalidSpec, parsed.ErrorSummary, cancellationToken);
        }

        var spec = parsed.Spec;
        if (spec.Sources.Select(s => policy.Check(view.Key.Namespace, s.FullPath)).FirstOrDefault(d => !d.Allowed) is { } denied)
        {
            return await reporter.FailAsync(state, view, SyncFailureReason.Forbidden, denied.Reason, cancellationToken);
        }

        var inputs = SyncInputs.Digest(view.Uid, spec);
        var fresh = spec.ForceSync is not null && spec.ForceSync != state.ForceSyncApplied && inputs != view.Annotation(SyncAnnotations.SyncedInputs);
        var read = await sources.ReadAsync(spec.Sources, spec.ReadWindow, fresh, cancellationToken);
        if (read.Failure is { } readFailure)
        {
            return await reporter.FailAsync(state, view, readFailure, read.Message!, cancellationToken);
        }

        if (read.Reads.Select(r => policy.CheckResolved(view.Key.Namespace, r.Key.FullPath, r.Value.Mount)).FirstOrDefault(d => !d.Allowed) is { } resolvedDenied)
        {
            return await reporter.FailAsync(state, view, SyncFailureReason.Forbidden, resolvedDenied.Reason, cancellationToken);
        }

        var desired = builder.Build(spec, read.Reads);
        if (desired.Data is null)
        {
            return await reporter.FailAsync(state, view, SyncFailureReason.SourceMissing, desired.Error!, cancellationToken);
        }

        byte[] hmacKey;
        try
        {
            hmacKey = await hmacKeys.GetKeyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException || SecretClient.IsFailure(ex, cancellationToken))
        {
            var message = ex is InvalidOperationException ? ex.Message : SecretClient.Describe("reading the data-hash key", ex);
            return await reporter.FailAsync(state, view, SyncFailureReason.KubernetesError, message, cancellationToken);
        }

        var markRollout = consumers.MayHaveConsumers(view.Key, spec.Restart);
        var plan = planner.PlanSuccess(view.Data, view.Annotations, desired.Data, read.SourceVersion, hmacKey, timeProvider.GetUtcNow(), inputs, view.DataKnown, markRollout);
        if (plan.IsEmpty)
        {
            // Not over a newer resourceVersion another writer verified meanwhile (the restart side's status write).
            state.AdvanceVerified(verifiedBefore, view.ResourceVersion);
            state.ForceSyncApplied = spec.ForceSync;
            return reporter.Unchanged(view, read.SourceVersion, plan);
        }

        try
        {
            var written = await secrets.PatchAsync(view.Key.Namespace, view.Key.Name, plan.ToMergePatch(view.ResourceVersion), cancellationToken);
            Verified(state, written.Metadata.ResourceVersion, spec);
            return await reporter.ChangedAsync(written, plan, read.SourceVersion, cancellationToken);
        }
        catch (Exception ex) when (SecretClient.IsConflict(ex) && attempt < _maxWriteAttempts)
        {
            reporter.Conflict(view.Key, attempt);
            return null;
        }
        catch (Exception ex) when (SecretClient.IsNotFound(ex))
        {
            return reporter.Gone(view.Key);
        }
        catch (Exception ex) when (SecretClient.IsFailure(ex, cancellationToken))
        {
            return await WriteFailedAsync(state, view, plan, ex, attempt, cancellationToken);
        }
    }

    private async Task<SyncResult> WriteFailedAsync(ManagedSecret state, SecretView view, SecretPlan plan, Exception ex, int attempt, CancellationToken cancellationToken)
    {
        // An immutable Secret refuses data changes with 422: that needs a person, so say so and do not retry.
        if (plan.DataChanged && ex is HttpOperationException { Response.StatusCode: HttpStatusCode.UnprocessableEntity }
            && (view.Immutable ?? await IsImmutableAsync(view.Key, cancellationToken)))
        {
            return await reporter.FailAsync(state, view, SyncFailureReason.InvalidSpec,
                "the Secret is immutable (immutable: true), so Syncer cannot change its data", cancellationToken);
        }

        return await reporter.FailAsync(state, view, SyncFailureReason.KubernetesError, SecretClient.Describe("writing the Secret", ex, attempt), cancellationToken);
    }

    private async Task<bool> IsImmutableAsync(SecretKey key, CancellationToken cancellationToken)
    {
        try
        {
            return (await secrets.GetAsync(key.Namespace, key.Name, cancellationToken))?.Immutable == true;
        }
        catch (Exception ex) when (SecretClient.IsFailure(ex, cancellationToken))
        {
            return false;
        }
    }

    private static void Verified(ManagedSecret state, string resourceVersion, SyncSpec spec)
    {
        state.VerifiedResourceVersion = resourceVersion;
        state.ForceSyncApplied = spec.ForceSync;
    }
}
