using Syncer.Observability;

namespace Syncer.Tests.Faults;

/// <summary>
/// The faces a fault must show (STYLE.md item 18), those that apply to it: a metric that counts it, a log line (by
/// event id), a Warning Event on the Secret for a failed sync, and the <c>syncer.io/error</c> annotation when Syncer
/// can still write the Secret. The log line must mention <see cref="LogMentions"/>. Where Syncer may see one fault two ways (a
/// disabled mount: a 404 on the read, or a 403 on the mount lookup once the mount is looked up again), reasons and
/// Event reasons list both, split by '|'.
/// </summary>
internal sealed record FaultReport(
    string MetricName, Func<SyncerMetrics, double> Metric, int LogEventId, string LogMentions, string? EventReason = null, string? ErrorFragment = null)
{
    /// <summary>Log event 4003 "Sync of Secret ... failed".</summary>
    public const int SyncFailedLog = 4003;

    /// <summary>A failed sync: <c>syncer_sync_failures_total{reason}</c>, the log line, the Warning Event and (when it can be written) the annotation.</summary>
    public static FaultReport SyncFailed(string reason, string? eventReason = "SyncFailed", string? errorFragment = null) =>
        new($"syncer_sync_failures_total{{reason=\"{reason}\"}}", m => reason.Split('|').Sum(r => m.SyncFailuresTotal.WithLabels(r).Value), SyncFailedLog,
            $"{FaultBench.Namespace}/{FaultBench.SecretName}", eventReason, errorFragment);

    /// <summary>A watch that ended: <c>syncer_watch_restarts_total{resource="secrets",reason}</c> and the informer's log line.</summary>
    public static FaultReport WatchRestarted(string reason, int logEventId) =>
        new($"syncer_watch_restarts_total{{resource=\"secrets\",reason=\"{reason}\"}}", m => m.WatchRestartsTotal.WithLabels("secrets", reason).Value, logEventId, "secrets");
}
