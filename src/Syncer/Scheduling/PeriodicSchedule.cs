namespace Syncer.Scheduling;

/// <summary>The periodic trigger of a Secret: every <paramref name="Interval"/> from <paramref name="StartAt"/>, or a cron schedule (UTC).</summary>
internal sealed record PeriodicSchedule(TimeSpan Interval, string? Cron, DateTimeOffset StartAt);
