using Microsoft.Extensions.Options;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Scheduling;

/// <summary>
/// Decides, for one Secret, its periodic trigger and whether it syncs at once, from the object (PRODUCT.md section 2).
/// Plain code: the reconciler and the Quartz adapter only carry the plan out.
/// <list type="bullet">
/// <item>First seen by this process (the initial list after a start, or a new Secret): a <c>syncer.io/synced-inputs</c>
/// that differs from the digest of its inputs (changed while Syncer was down, or copied from another Secret) syncs
/// at once, and so does a Secret never synced; one synced before without a digest (an upgrade) keeps its spread
/// schedule; one carrying <c>syncer.io/error</c> is retried within the first backoff window, spread by uid, so a
/// restart after an outage does not retry thousands at once.</item>
/// <item>Seen before: a resourceVersion that moved without Syncer writing it (a user's change, a hand edit) syncs at
/// once; Syncer's own writes trigger nothing.</item>
/// </list>
/// </summary>
internal sealed class SchedulePlanner(IOptions<SchedulingOptions> options, SyncSpecParser parser, Random random)
{
    private readonly SchedulingOptions _options = options.Value;

    public SchedulePlan Plan(ManagedSecret state, SecretSnapshot observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observed);
        var parsed = parser.Parse(observed.Annotations, state.Key.Namespace);
        var cron = parsed.Spec?.Schedule;
        var scheduleKey = (parsed.Interval, cron);
        var periodic = scheduleKey == state.AppliedSchedule ? null : Periodic(observed.Uid, parsed.Interval, cron, now);
        return new SchedulePlan(periodic, scheduleKey, parsed.Interval, Decide(state, observed, parsed.Spec));
    }

    private SyncNow Decide(ManagedSecret state, SecretSnapshot observed, SyncSpec? spec)
    {
        if (state.Applied is { } applied)
        {
            var moved = observed.ResourceVersion != applied.ResourceVersion && observed.ResourceVersion != state.VerifiedResourceVersion;
            return moved ? SyncNow.AtOnce : SyncNow.No;
        }

        if (observed.Annotation(SyncAnnotations.SyncedInputs) is { } synced)
        {
            if (spec is null || synced != SyncInputs.Digest(observed.Uid, spec))
            {
                return SyncNow.AtOnce;
            }
        }
        else if (observed.Annotation(SyncAnnotations.SyncedAt) is null && observed.Annotation(SyncAnnotations.DataHash) is null)
        {
            return SyncNow.AtOnce; // never synced
        }

        return observed.Annotation(SyncAnnotations.Error) is null
            ? SyncNow.No
            : SyncNow.After(PhaseSpread.Phase(observed.Uid, _options.RetryInitialDelay));
    }

    private PeriodicSchedule Periodic(string uid, TimeSpan interval, string? cron, DateTimeOffset now)
    {
        if (cron is not null)
        {
            return new PeriodicSchedule(interval, cron, now); // the user chose the instants: no phase, no jitter
        }

        var start = PhaseSpread.NextFire(uid, interval, now) + PhaseSpread.Jitter(_options.MaxJitter, interval, random);
        return new PeriodicSchedule(interval, null, start);
    }
}
