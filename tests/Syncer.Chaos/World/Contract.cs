namespace Syncer.Chaos.World;

/// <summary>
/// The user contract the chaos run drives and checks (PRODUCT.md section 2), spelled out here on purpose: the run treats
/// Syncer as a black box and knows only what a user knows.
/// </summary>
public static class Contract
{
    public const string Enabled = "syncer.io/enabled";
    public const string Selector = "syncer.io/enabled=true";
    public const string Path = "syncer.io/path";
    public const string Keys = "syncer.io/keys";
    public const string Refresh = "syncer.io/refresh";
    public const string ManagedKeys = "syncer.io/managed-keys";
    public const string SyncedAt = "syncer.io/synced-at";
    public const string Error = "syncer.io/error";
    public const string DataRevision = "syncer.io/data-revision";
    public const string RolloutPending = "syncer.io/rollout-pending";
    public const string RolledFor = "syncer.io/rolled-for";
    public const string RestartedAt = "syncer.io/restarted-at";

    /// <summary>Annotations Syncer writes on a Secret to say what it did (all <c>syncer.io/</c> keys but the inputs a user writes).</summary>
    public static bool IsStatus(string key) =>
        key.StartsWith("syncer.io/", StringComparison.Ordinal) && key is not (Path or Keys or Refresh or "syncer.io/version"
            or "syncer.io/schedule" or "syncer.io/restart" or "syncer.io/force-sync");
}
