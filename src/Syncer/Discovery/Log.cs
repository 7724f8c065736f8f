using Microsoft.Extensions.Logging;

namespace Syncer.Discovery;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Listed {Count} labeled Secrets in {Scope} at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, int count, string scope, string resourceVersion);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Watch of {Scope} ended ({Reason}) at resourceVersion {ResourceVersion}; restarting")]
    public static partial void WatchEnded(ILogger logger, string scope, string reason, string? resourceVersion);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Watch of {Scope} expired at resourceVersion {ResourceVersion} (410); re-listing")]
    public static partial void WatchExpired(ILogger logger, string scope, string? resourceVersion);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "List or watch of {Scope} failed; retrying in {Delay}")]
    public static partial void ListOrWatchFailed(ILogger logger, Exception exception, string scope, TimeSpan delay);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Watch of {Scope} reported an error event")]
    public static partial void WatchErrorEvent(ILogger logger, Exception exception, string scope);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Secret {Key} {EventType}")]
    public static partial void SecretEvent(ILogger logger, SecretKey key, string eventType);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Discovery is ready: {Count} labeled Secrets indexed")]
    public static partial void Ready(ILogger logger, int count);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Watch of {Scope} failed at resourceVersion {ResourceVersion}; resuming after a backoff")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string scope, string? resourceVersion);
}
