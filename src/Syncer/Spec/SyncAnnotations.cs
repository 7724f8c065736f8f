namespace Syncer.Spec;

/// <summary>
/// Every label and annotation key of the contract (PRODUCT.md section 2). Keys the user writes are read by
/// <see cref="SyncSpecParser"/>; keys Syncer writes are set by the sync engine only when their value changes.
/// </summary>
internal static class SyncAnnotations
{
    /// <summary>Every key of the contract starts with this.</summary>
    public const string Prefix = "syncer.io/";

    /// <summary>Label: <c>"true"</c> opts a Secret in; Syncer lists and watches only Secrets carrying it.</summary>
    public const string Enabled = "syncer.io/enabled";

    /// <summary>The value of <see cref="Enabled"/> that opts in.</summary>
    public const string EnabledValue = "true";

    // ---- Written by the user on the Secret ----
    public const string Path = "syncer.io/path";
    public const string Keys = "syncer.io/keys";
    public const string Version = "syncer.io/version";
    public const string Refresh = "syncer.io/refresh";
    public const string Schedule = "syncer.io/schedule";
    public const string Restart = "syncer.io/restart";
    public const string ForceSync = "syncer.io/force-sync";

    // ---- Written by Syncer on the Secret ----
    public const string ManagedKeys = "syncer.io/managed-keys";
    public const string DataHash = "syncer.io/data-hash";
    public const string SourceVersion = "syncer.io/source-version";
    public const string SyncedAt = "syncer.io/synced-at";
    public const string Error = "syncer.io/error";

    /// <summary>On a workload, <c>"false"</c> opts it out of restarts (same key as <see cref="Restart"/>).</summary>
    public const string WorkloadRestart = Restart;

    /// <summary>The annotation keys a user may write on a Secret.</summary>
    public static readonly IReadOnlySet<string> UserKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        Path, Keys, Version, Refresh, Schedule, Restart, ForceSync,
    };

    /// <summary>The annotation keys Syncer writes on a Secret.</summary>
    public static readonly IReadOnlySet<string> StatusKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        ManagedKeys, DataHash, SourceVersion, SyncedAt, Error,
    };
}
