using Microsoft.Extensions.Logging;

namespace Syncer.Kubernetes;

/// <summary>Source-generated log lines of the Kubernetes plumbing (event ids 600-699).</summary>
internal static partial class Log
{
    [LoggerMessage(600, LogLevel.Warning, "Could not record Event {Reason} on {Kind} {Namespace}/{Name}")]
    public static partial void EventFailed(ILogger logger, string kind, string @namespace, string name, string reason, Exception exception);

    [LoggerMessage(601, LogLevel.Warning, "Stopping: {Count} queued Event(s) not written, the API server did not take them within {Timeout}")]
    public static partial void EventsDropped(ILogger logger, int count, TimeSpan timeout);
}
