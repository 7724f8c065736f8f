namespace Syncer.Scheduling;

/// <summary>Whether a Secret is synced at once, ahead of its periodic refresh.</summary>
internal enum ImmediateSync
{
    None,

    /// <summary>New, re-created, never filled, failing, or an input annotation changed.</summary>
    Sync,

    /// <summary>A new <c>syncer.io/force-sync</c> value: sync at once from a fresh Vault read.</summary>
    ForceFreshRead,
}
