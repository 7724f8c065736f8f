namespace Syncer.Sync;

/// <summary>The faces of a <see cref="SyncFailureReason"/>: a bounded metric label and a Kubernetes Event reason.</summary>
internal static class SyncFailureReasons
{
    public const string SyncedEvent = "Synced";
    public const string SyncFailedEvent = "SyncFailed";
    public const string ForbiddenEvent = "Forbidden";
    public const string SourceMissingEvent = "SourceMissing";

    public static string MetricLabel(this SyncFailureReason reason) => reason switch
    {
        SyncFailureReason.InvalidSpec => "invalid_spec",
        SyncFailureReason.Forbidden => "forbidden",
        SyncFailureReason.SourceMissing => "source_missing",
        SyncFailureReason.VaultDenied => "vault_denied",
        SyncFailureReason.VaultUnavailable => "vault_unavailable",
        SyncFailureReason.VaultError => "vault_error",
        SyncFailureReason.KubernetesError => "kubernetes_error",
        SyncFailureReason.WriteRejected => "write_rejected",
        _ => "other",
    };

    public static string EventReason(this SyncFailureReason reason) => reason switch
    {
        SyncFailureReason.Forbidden => ForbiddenEvent,
        SyncFailureReason.SourceMissing => SourceMissingEvent,
        _ => SyncFailedEvent,
    };

    /// <summary>Transient failures may heal by themselves: the scheduler retries them soon, with backoff.</summary>
    public static bool IsTransient(this SyncFailureReason reason) =>
        reason is SyncFailureReason.VaultUnavailable or SyncFailureReason.VaultError or SyncFailureReason.KubernetesError;
}
