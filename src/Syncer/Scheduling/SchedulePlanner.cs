using Microsoft.Extensions.Options;
using Quartz;
using Syncer.Discovery;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Scheduling;

/// <summary>
/// Decides, for one Secret, its periodic trigger and whether it syncs at once. Plain code: the reconciler and the
/// Quartz adapter only carry the plan out.
/// </summary>
internal sealed class SchedulePlanner(IOptions<SchedulingOptions> options, IOptions<SyncOptions> syncOptions, SyncSpecParser parser, Random random)
{
    private readonly SchedulingOptions _options = options.Value;
    private readonly TimeSpan _defaultRefresh = syncOptions.Value.DefaultRefresh;

    public SchedulePlan Plan(WatchedSecret? previous, WatchedSecret current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        var change = SecretChangeDetector.Detect(previous, current);
        var periodic = (change & (SecretChange.New | SecretChange.Recreated | SecretChange.Schedule)) != 0
            ? Periodic(current, now)
            : null;
        return new SchedulePlan(periodic, Immediate(change, current), change);
    }

    /// <summary>
    /// A Secret present before this process started (the first list) that Syncer has filled and that is not failing
    /// waits for its phase, so a restart does not fire thousands of syncs at once. Anything else goes first.
    /// </summary>
    private static ImmediateSync Immediate(SecretChange change, WatchedSecret current)
    {
        if ((change & SecretChange.ForceSync) != 0)
        {
            return ImmediateSync.ForceFreshRead;
        }

        if (change == SecretChange.New)
        {
            return current.FromInitialList && current.HasBeenSynced && !current.HasError ? ImmediateSync.None : ImmediateSync.Sync;
        }

        return (change & (SecretChange.Recreated | SecretChange.Inputs)) != 0 ? ImmediateSync.Sync : ImmediateSync.None;
    }

    private PeriodicSchedule Periodic(WatchedSecret secret, DateTimeOffset now)
    {
        // A bad annotation is not the scheduler's to report (the sync reports every error with its Event): the Secret
        // keeps the default interval so it is tried again and heals once the annotation is fixed.
        var spec = parser.Parse(secret.Annotations, secret.Key.Namespace).Spec;
        if (spec?.Schedule is { } cron)
        {
            // The user chose the instants: no phase, no jitter.
            return new PeriodicSchedule(null, cron, now, CronGap(cron, now) ?? _defaultRefresh);
        }

        var interval = spec?.Refresh ?? _defaultRefresh;
        var start = PhaseSpread.NextFire(secret.Uid, interval, now) + PhaseSpread.Jitter(_options.MaxJitter, interval, random);
        return new PeriodicSchedule(interval, null, start, interval);
    }

    private static TimeSpan? CronGap(string cron, DateTimeOffset now)
    {
        var expression = new CronExpression(cron);
        var first = expression.GetNextValidTimeAfter(now);
        var second = first is { } f ? expression.GetNextValidTimeAfter(f) : null;
        return second - first;
    }
}
