using Microsoft.Extensions.Logging;

namespace Syncer.Restart;

/// <summary>Source-generated log lines of the restart side (event ids 5000-5099). Names Secrets and workloads, never values.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Restarts started: {Workloads} workloads indexed")]
    public static partial void Started(ILogger logger, int workloads);

    [LoggerMessage(5001, LogLevel.Information, "Rolled {Kind} {Namespace}/{Name} for {What}")]
    public static partial void Rolled(ILogger logger, string kind, string @namespace, string name, string what);

    [LoggerMessage(5002, LogLevel.Warning, "Could not roll {Kind} {Namespace}/{Name} for {What}: {Reason}; retrying in {Delay}")]
    public static partial void RollFailed(ILogger logger, string kind, string @namespace, string name, string what, string reason, TimeSpan delay);

    [LoggerMessage(5003, LogLevel.Information, "{Kind} {Namespace}/{Name} waits ({Reason}) to roll for {What}")]
    public static partial void Waiting(ILogger logger, string kind, string @namespace, string name, string reason, string what);

    [LoggerMessage(5004, LogLevel.Warning, "The rollout of {Kind} {Namespace}/{Name} stalled (generation {Generation}); not retried")]
    public static partial void Stalled(ILogger logger, string kind, string @namespace, string name, long generation);

    [LoggerMessage(5005, LogLevel.Information, "Every consumer of Secret {Namespace}/{Name} is rolled for revision {Revision} ({Rolled} rolled); rollout-pending removed")]
    public static partial void SecretDone(ILogger logger, string @namespace, string name, long revision, int rolled);

    [LoggerMessage(5006, LogLevel.Warning, "Could not remove rollout-pending from Secret {Namespace}/{Name}: {Reason}; retrying in {Delay}")]
    public static partial void SecretDoneFailed(ILogger logger, string @namespace, string name, string reason, TimeSpan delay);

    [LoggerMessage(5007, LogLevel.Debug, "{What} changed since it was read (409); looking again")]
    public static partial void Conflict(ILogger logger, string what);

    [LoggerMessage(5008, LogLevel.Error, "A restart pass over {Item} failed; retrying in {Delay}")]
    public static partial void PassFailed(ILogger logger, Exception exception, string item, TimeSpan delay);

    [LoggerMessage(5009, LogLevel.Warning, "Secret {Namespace}/{Name} lists workloads that do not exist: {Missing}")]
    public static partial void TargetsMissing(ILogger logger, string @namespace, string name, string missing);

    [LoggerMessage(5010, LogLevel.Information, "The rollout of {Kind} {Namespace}/{Name} completed")]
    public static partial void Completed(ILogger logger, string kind, string @namespace, string name);

    [LoggerMessage(5011, LogLevel.Information, "A restart pass over {Item} stopped: this replica no longer leads")]
    public static partial void StoppedByLeadershipLoss(ILogger logger, string item);
}
