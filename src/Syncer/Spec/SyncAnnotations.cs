using k8s.Models;

namespace Syncer.Spec;

/// <summary>
/// The contract of PRODUCT.md section 2 in one place: the opt-in label and its selector, every annotation key a user
/// or Syncer writes (on Secrets and on workloads), and <see cref="IsManaged"/>. Keys the user writes are read only by
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

    /// <summary>Server-side label selector: only opted-in Secrets are listed and watched.</summary>
    public const string LabelSelector = Enabled + "=" + EnabledValue;

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
    public const string SyncedInputs = "syncer.io/synced-inputs";
    public const string DataRevision = "syncer.io/data-revision";
    public const string RolloutPending = "syncer.io/rollout-pending";
    public const string Error = "syncer.io/error";

    // ---- On a workload ----

    /// <summary>On a workload, <see cref="WorkloadOptOutValue"/> opts it out of restarts (same key as <see cref="Restart"/>).</summary>
    public const string WorkloadRestart = Restart;

    public const string WorkloadOptOutValue = "false";

    /// <summary>Metadata annotation of a rolled workload: <c>&lt;secret&gt;=&lt;revision&gt;,...</c>.</summary>
    public const string RolledFor = "syncer.io/rolled-for";

    /// <summary>Pod-template annotation whose change is the rollout itself.</summary>
    public const string RestartedAt = "syncer.io/restarted-at";

    /// <summary>The annotation keys a user may write on a Secret.</summary>
    public static readonly IReadOnlySet<string> UserKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        Path, Keys, Version, Refresh, Schedule, Restart, ForceSync,
    };

    /// <summary>The annotation keys Syncer writes on a Secret.</summary>
    public static readonly IReadOnlySet<string> StatusKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        ManagedKeys, DataHash, SourceVersion, SyncedAt, SyncedInputs, DataRevision, RolloutPending, Error,
    };

    /// <summary>Carries <see cref="Enabled"/> with <see cref="EnabledValue"/>.</summary>
    public static bool IsManaged(V1ObjectMeta? metadata) =>
        metadata?.Labels is { } labels && labels.TryGetValue(Enabled, out var enabled) && enabled == EnabledValue;
}
