using System.Globalization;
using System.Text.RegularExpressions;
using Quartz;
using Syncer.Discovery;

namespace Syncer.Scheduling;

/// <summary>
/// Reads <c>syncer.io/refresh</c>, <c>syncer.io/schedule</c> and <c>syncer.io/force-sync</c>. A bad value is not the
/// scheduler's to report (the sync reports every annotation error with its Event): it falls back to the default
/// interval so the Secret keeps being tried. To be pointed at the sync core's <c>SyncSpecParser</c> when merged.
/// </summary>
internal static partial class SyncScheduleSpecReader
{
    public static SyncScheduleSpec Read(IReadOnlyDictionary<string, string> annotations, TimeSpan minimumRefresh)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        annotations.TryGetValue(WatchedAnnotations.Refresh, out var refresh);
        annotations.TryGetValue(WatchedAnnotations.Schedule, out var schedule);
        annotations.TryGetValue(WatchedAnnotations.ForceSync, out var forceSync);

        if (refresh is not null && schedule is not null)
        {
            return new(null, null, forceSync, $"{WatchedAnnotations.Refresh} and {WatchedAnnotations.Schedule} are both set");
        }

        if (schedule is not null)
        {
            return IsValidCron(schedule)
                ? new(null, schedule, forceSync, null)
                : new(null, null, forceSync, $"{WatchedAnnotations.Schedule} '{schedule}' is not a Quartz cron expression");
        }

        if (refresh is null)
        {
            return new(null, null, forceSync, null);
        }

        var interval = ParseDuration(refresh);
        if (interval is null)
        {
            return new(null, null, forceSync, $"{WatchedAnnotations.Refresh} '{refresh}' is not a duration such as 30s, 5m or 1h");
        }

        return interval < minimumRefresh
            ? new(null, null, forceSync, $"{WatchedAnnotations.Refresh} '{refresh}' is below the minimum of {minimumRefresh}")
            : new(interval, null, forceSync, null);
    }

    /// <summary>Parses <c>30s</c>, <c>5m</c>, <c>1h</c> and combinations such as <c>1h30m</c>; null when malformed or zero.</summary>
    public static TimeSpan? ParseDuration(string value)
    {
        var match = Duration().Match(value);
        if (!match.Success || value.Length == 0)
        {
            return null;
        }

        try
        {
            var total = TimeSpan.FromHours(Part(match, "h")) + TimeSpan.FromMinutes(Part(match, "m")) + TimeSpan.FromSeconds(Part(match, "s"));
            return total > TimeSpan.Zero ? total : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static long Part(Match match, string group) =>
        match.Groups[group].Success ? long.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    private static bool IsValidCron(string expression)
    {
        try
        {
            _ = new CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?:(?<h>\d{1,6})h)?(?:(?<m>\d{1,6})m)?(?:(?<s>\d{1,7})s)?$")]
    private static partial Regex Duration();
}
