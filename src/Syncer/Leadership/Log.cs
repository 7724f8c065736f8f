using Microsoft.Extensions.Logging;

namespace Syncer.Leadership;

/// <summary>Source-generated log lines of leader election (event ids 700-799). Each leadership change is one line.</summary>
internal static partial class Log
{
    [LoggerMessage(700, LogLevel.Information,
        "Leader election as {Identity} on Lease {Lease} (lease duration {LeaseDuration}, renew deadline {RenewDeadline}, retry period {RetryPeriod})")]
    public static partial void Electing(ILogger logger, string identity, string lease, TimeSpan leaseDuration, TimeSpan renewDeadline, TimeSpan retryPeriod);

    [LoggerMessage(701, LogLevel.Information, "{Identity} leads (Lease {Lease}): syncing, writing and rolling")]
    public static partial void StartedLeading(ILogger logger, string identity, string lease);

    [LoggerMessage(702, LogLevel.Warning, "{Identity} lost leadership (Lease {Lease}): {Why}; work in progress is cancelled, standing by")]
    public static partial void LostLeadership(ILogger logger, string identity, string lease, string why);

    [LoggerMessage(709, LogLevel.Information, "{Identity} stopped leading (Lease {Lease}): shutting down")]
    public static partial void StoppedLeading(ILogger logger, string identity, string lease);

    [LoggerMessage(703, LogLevel.Information, "Lease {Lease} is held by {Holder}")]
    public static partial void LeaderObserved(ILogger logger, string lease, string holder);

    [LoggerMessage(704, LogLevel.Warning, "Leader election: a request on Lease {Lease} was refused with {StatusCode}: {Reason}")]
    public static partial void LeaseRequestRefused(ILogger logger, string lease, int statusCode, string reason);

    [LoggerMessage(705, LogLevel.Debug, "Leader election: Lease {Lease} changed under this replica's write (409); trying again")]
    public static partial void LeaseConflict(ILogger logger, string lease);

    [LoggerMessage(706, LogLevel.Warning, "Leader election on Lease {Lease} failed; trying again in {Delay}")]
    public static partial void ElectionFailed(ILogger logger, Exception exception, string lease, TimeSpan delay);

    [LoggerMessage(707, LogLevel.Information, "{Identity} released Lease {Lease} on shutdown: a standby takes over without waiting for it to expire")]
    public static partial void Released(ILogger logger, string identity, string lease);

    [LoggerMessage(708, LogLevel.Warning, "{Identity} could not release Lease {Lease} on shutdown ({Error}); a standby takes over when it expires")]
    public static partial void ReleaseFailed(ILogger logger, string identity, string lease, string error);
}
