using Microsoft.Extensions.Logging;

namespace Syncer.Doubles.Kubernetes.Controllers;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Cluster controllers started as {User}: node {Node}, pods ready after {ReadyDelay}")]
    public static partial void Started(ILogger logger, string user, string node, TimeSpan readyDelay);

    [LoggerMessage(2, LogLevel.Warning, "Watch of {Resource} failed; again in {Delay}")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string resource, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Warning, "{Controller} could not reconcile {Key}; again in {Delay}")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string controller, string key, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Information, "Created {Kind} {Key}")]
    public static partial void Created(ILogger logger, string kind, string key);

    [LoggerMessage(5, LogLevel.Information, "Deleted {Kind} {Key}")]
    public static partial void Deleted(ILogger logger, string kind, string key);

    [LoggerMessage(6, LogLevel.Information, "Scaled ReplicaSet {Key} from {From} to {To}")]
    public static partial void Scaled(ILogger logger, string key, int from, int to);

    [LoggerMessage(7, LogLevel.Debug, "Pod {Key} is {State}")]
    public static partial void PodState(ILogger logger, string key, string state);

    [LoggerMessage(8, LogLevel.Debug, "{Controller} wrote {Key} from a stale cache (409); again in {Delay}")]
    public static partial void Conflict(ILogger logger, string controller, string key, TimeSpan delay);
}
