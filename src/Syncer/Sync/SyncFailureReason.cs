namespace Syncer.Sync;

/// <summary>Why a sync failed. The metric label and Event reason of each are in <see cref="SyncFailureReasons"/>.</summary>
internal enum SyncFailureReason
{
    /// <summary>A malformed annotation.</summary>
    InvalidSpec,

    /// <summary>The tenancy policy denies a path to the namespace (no Vault read was made).</summary>
    Forbidden,

    /// <summary>The path, version or a mapped property does not exist in Vault, or the path has no keys.</summary>
    SourceMissing,

    /// <summary>Vault answered 403: Syncer's own Vault policy does not grant the path.</summary>
    VaultDenied,

    /// <summary>Vault is sealed, unreachable, or timed out.</summary>
    VaultUnavailable,

    /// <summary>Any other Vault error.</summary>
    VaultError,

    /// <summary>The Kubernetes API failed (read, write, or conflicts beyond the bounded retries).</summary>
    KubernetesError,

    /// <summary>The API server refused the write as invalid (422), naming the field: not retried until the spec or Vault changes.</summary>
    WriteRejected,
}
