namespace Syncer.Scheduling;

/// <summary>The periodic trigger of a Secret: every <paramref name="Interval"/> from <paramref name="StartAt"/>, or a cron schedule.</summary>
/// <param name="RetryBound">The gap between two periodic syncs: a retry later than this is left to the periodic trigger.</param>
internal sealed record PeriodicSchedule(TimeSpan? Interval, string? Cron, DateTimeOffset StartAt, TimeSpan RetryBound);
