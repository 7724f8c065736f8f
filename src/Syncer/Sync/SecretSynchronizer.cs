using Microsoft.Extensions.Options;
using Syncer.Kubernetes;
using Syncer.Observability;
using Syncer.Restart;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// Syncs one Secret, level-triggered (PRODUCT.md sections 2 and 3): its spec (one parse of its annotations), then
/// (<see cref="SourceReader"/>) the tenancy policy and the mount, KV only, before any Vault read, the read through the
/// shared read cache, the desired data and its HMAC, then only the difference, in one merge patch guarded by the
/// resourceVersion. A Secret still at the resourceVersion Syncer verified, with a current-form hash, costs no GET:
/// equal hashes cost no request at all, a new hash one patch planned from metadata. A Secret Syncer never wrote (no
/// data-hash) costs no GET either: it is planned as holding no data, and written with a JSON Patch that tests exactly
/// that (and its resourceVersion), so a Secret that holds data already is refused, read and adopted as before.
/// Anything else (first pass since start, a hand edit, a 409, a legacy hash) reads the Secret and plans from its data;
/// after a 409 the spec is parsed again from the fresh object. Failures never change data and never throw: they come back as a
/// <see cref="SyncResult"/> (reported by <see cref="SyncReporter"/>); a write the API server refused as invalid is not
/// tried again until its inputs or data change. A data change marks its revision's rollout pending in the same patch
/// when the workload index says the Secret may have consumers. Safe to call concurrently for different Secrets; the
/// dispatcher never runs one Secret twice at once.
/// </summary>
internal sealed class SecretSynchronizer(
    ManagedSecretStore store,
    SecretClient secrets,
    SyncSpecParser parser,
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
            if (!mustRead && observed.ResourceVersion == state.VerifiedResourceVersion && ReferenceEquals(state.VerifiedKey, hmacKeys.CurrentKey)
                && DataHasher.IsCurrentForm(observed.Annotation(SyncAnnotations.DataHash)))
            {
                view = SecretView.Of(state.Key, observed);
            }
            else if (!mustRead && observed.Annotation(SyncAnnotations.DataHash) is null)
            {
                view = SecretView.AssumedEmpty(state.Key, observed); // never written by Syncer: its write proves it
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

            // 409: someone wrote in between; or a first fill's premise (no data) did not hold: start again from the
            // fresh object and its own spec.
            mustRead = true;
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
        var inputs = SyncInputs.Digest(view.Uid, spec);
        var freshRead = FreshRead.Decide(state, spec, inputs, view.Annotation(SyncAnnotations.SyncedInputs), timeProvider.GetUtcNow());
        if (freshRead.DeferredFor is { } deferred)
        {
            reporter.FreshReadDeferred(view.Key, spec.FreshReadSpacing, deferred);
        }

        var read = await sources.ReadAsync(view.Key.Namespace, spec.Sources, spec.ReadWindow, freshRead.Now, cancellationToken);
        if (read.Failure is { } readFailure)
        {
            return await reporter.FailAsync(state, view, readFailure, read.Message!, cancellationToken);
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

        // A deferred fresh read leaves synced-inputs as it was: the force-sync stays pending, also across a restart.
        var hasher = new DataHasher(hmacKey, view.Key.Namespace, view.Key.Name);
        var markRollout = consumers.MayHaveConsumers(view.Key, spec.Restart);
        var sourceVersion = read.SourceVersion; // computed on each get
        var plan = planner.PlanSuccess(view.Data, view.Annotations, desired.Data, sourceVersion, hasher, timeProvider.GetUtcNow(),
            freshRead.DeferredFor is null ? inputs : null, view.DataKnown, markRollout);
        if (plan.IsEmpty && view.DataAssumedEmpty)
        {
            return null; // nothing to write proves nothing: read the Secret
        }

        if (plan.IsEmpty)
        {
            // Not over a newer resourceVersion another writer verified meanwhile (the restart side's status write).
            if (state.AdvanceVerified(verifiedBefore, view.ResourceVersion))
            {
                state.VerifiedKey = hmacKey;
            }

            Applied(state, spec, freshRead);
            return reporter.Unchanged(view, sourceVersion, plan) with { FollowUpAfter = freshRead.DeferredFor };
        }

        if (state.RejectedWrite is { } rejected && rejected.Matches(inputs, plan.DataHash))
        {
            return await reporter.FailAsync(state, view, rejected.Reason, rejected.Message, cancellationToken);
        }

        try
        {
            var written = view.DataAssumedEmpty
                ? await secrets.JsonPatchAsync(view.Key.Namespace, view.Key.Name, plan.ToGuardedFillPatch(view.ResourceVersion, view.Annotations), cancellationToken)
                : await secrets.PatchAsync(view.Key.Namespace, view.Key.Name, plan.ToMergePatch(view.ResourceVersion), cancellationToken);
            Verified(state, written.Metadata.ResourceVersion, hmacKey, spec, freshRead);
            return await reporter.ChangedAsync(written, plan, sourceVersion, cancellationToken) with { FollowUpAfter = freshRead.DeferredFor };
        }
        catch (Exception ex) when (view.DataAssumedEmpty && SecretClient.IsInvalid(ex))
        {
            // The Secret holds data already (an adoption), moved since it was seen, or the write is invalid on its own:
            // nothing was written; read it and plan again from what it holds (which reports a real refusal as usual).
            reporter.FillGuardRefused(view.Key);
            return null;
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
            return await WriteFailedAsync(state, view, plan, inputs, ex, attempt, cancellationToken);
        }
    }

    private async Task<SyncResult> WriteFailedAsync(
        ManagedSecret state, SecretView view, SecretPlan plan, string inputs, Exception ex, int attempt, CancellationToken cancellationToken)
    {
        if (!SecretClient.IsInvalid(ex))
        {
            return await reporter.FailAsync(state, view, SyncFailureReason.KubernetesError, SecretClient.Describe("writing the Secret", ex, attempt), cancellationToken);
        }

        // An immutable Secret refuses data changes with 422: that needs a person, so say so and do not retry.
        if (plan.DataChanged && (view.Immutable ?? await IsImmutableAsync(view.Key, cancellationToken)))
        {
            const string Immutable = "the Secret is immutable (immutable: true), so Syncer cannot change its data";
            state.RejectedWrite = new RejectedWrite(inputs, plan.DataHash!, SyncFailureReason.InvalidSpec, Immutable); // no PATCH (nor GET) per periodic sync meanwhile
            return await reporter.FailAsync(state, view, SyncFailureReason.InvalidSpec, Immutable, cancellationToken);
        }

        // Any other 422 (a kubernetes.io/tls Secret losing tls.key, say) fails the same way until the spec or Vault
        // changes: remembered, so the periodic syncs meanwhile make no request to the API server.
        var fields = SecretClient.InvalidFields(ex);
        var message = "Kubernetes refused the Secret as invalid (422)" +
            (fields.Count == 0 ? "" : $" at {string.Join(", ", fields)}") +
            "; not written again until its syncer.io annotations or the Vault data change";
        state.RejectedWrite = new RejectedWrite(inputs, plan.DataHash!, SyncFailureReason.WriteRejected, message);
        return await reporter.FailAsync(state, view, SyncFailureReason.WriteRejected, message, cancellationToken);
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

    private static void Verified(ManagedSecret state, string resourceVersion, byte[] hmacKey, SyncSpec spec, FreshRead freshRead)
    {
        state.VerifiedKey = hmacKey;
        state.VerifiedResourceVersion = resourceVersion;
        Applied(state, spec, freshRead);
    }

    private static void Applied(ManagedSecret state, SyncSpec spec, FreshRead freshRead)
    {
        state.RejectedWrite = null;
        state.ReportedFailure = null;
        if (freshRead.DeferredFor is null)
        {
            state.ForceSyncApplied = spec.ForceSync;
        }
    }
}
