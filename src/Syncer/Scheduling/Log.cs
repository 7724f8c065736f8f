using Microsoft.Extensions.Logging;
using Syncer.Sync;

namespace Syncer.Scheduling;

internal static partial class Log
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Scheduled {Key}: periodic {Periodic} (null: unchanged), sync now {Now}")]
    public static partial void Scheduled(ILogger logger, SecretKey key, PeriodicSchedule? periodic, SyncNow now);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Secret {Key} left the schedule (deleted or no longer labeled); its data is left as it is")]
    public static partial void Unscheduled(ILogger logger, SecretKey key);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Scheduling {Key} failed; trying again in {Delay}")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, SecretKey key, TimeSpan delay);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Sync of {Key} threw; counted as a failure")]
    public static partial void SyncThrew(ILogger logger, Exception exception, SecretKey key);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Sync of {Key} failed {Failures} time(s) in a row; retrying in {Delay}")]
    public static partial void RetryScheduled(ILogger logger, SecretKey key, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "Sync of {Key} failed {Failures} time(s) in a row; the next periodic sync is the retry")]
    public static partial void RetryLeftToPeriodic(ILogger logger, SecretKey key, int failures);

    [LoggerMessage(EventId = 206, Level = LogLevel.Information, Message = "Scheduler is acting on the initial list of {Count} Secrets")]
    public static partial void Started(ILogger logger, int count);

    [LoggerMessage(EventId = 208, Level = LogLevel.Information, Message = "Sync of {Key} stopped: this replica lost leadership")]
    public static partial void SyncStoppedByLeadershipLoss(ILogger logger, SecretKey key);

    [LoggerMessage(EventId = 209, Level = LogLevel.Information, Message = "Leading: planning {Count} Secrets afresh, as at a start")]
    public static partial void PlanningAfresh(ILogger logger, int count);

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "Sync of {Key} failed {Failures} time(s) in a row for a reason that needs a person; no retry before the next periodic sync or a change")]
    public static partial void RetryLeftToChange(ILogger logger, SecretKey key, int failures);
}
