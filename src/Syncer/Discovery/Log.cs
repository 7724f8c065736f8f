using Microsoft.Extensions.Logging;

namespace Syncer.Discovery;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Listed {Count} {Resource} in {Scope} at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, int count, string resource, string scope, string resourceVersion);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Watch of {Resource} in {Scope} ended ({Reason}) at resourceVersion {ResourceVersion}; restarting")]
    public static partial void WatchEnded(ILogger logger, string resource, string scope, string reason, string? resourceVersion);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Watch of {Resource} in {Scope} expired at resourceVersion {ResourceVersion} (410); re-listing")]
    public static partial void WatchExpired(ILogger logger, string resource, string scope, string? resourceVersion);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "List or watch of {Resource} in {Scope} failed; retrying in {Delay}")]
    public static partial void ListOrWatchFailed(ILogger logger, Exception exception, string resource, string scope, TimeSpan delay);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Watch of {Resource} in {Scope} reported an error event")]
    public static partial void WatchErrorEvent(ILogger logger, Exception exception, string resource, string scope);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "{Resource} {Namespace}/{Name} {EventType}")]
    public static partial void Event(ILogger logger, string resource, string? @namespace, string name, string eventType);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Discovery of {Resource} is ready: every watched scope is listed")]
    public static partial void Ready(ILogger logger, string resource);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Watch of {Resource} in {Scope} failed at resourceVersion {ResourceVersion}; resuming after a backoff")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string resource, string scope, string? resourceVersion);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "A subscriber failed on {Resource} {Namespace}/{Name}; the others still got the change")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string resource, string? @namespace, string name);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Watch of {Resource} in {Scope} expired (410) right after its list (failure {Failures} in a row); re-listing in {Delay}")]
    public static partial void ExpiredAfterList(ILogger logger, string resource, string scope, int failures, TimeSpan delay);
}
