using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// Whether a sync reads Vault afresh (PRODUCT.md promise 6): a <c>syncer.io/force-sync</c> value not applied yet asks
/// for it, at most once per <see cref="SyncSpec.FreshReadSpacing"/> per Secret. One sooner is served from the read
/// cache now and its fresh read deferred to the next allowed time (<see cref="DeferredFor"/>): the sync is queued
/// again then, and until that read is made the value stays unapplied (in memory and in <c>syncer.io/synced-inputs</c>),
/// so neither a burst of values nor a restart in between loses it.
/// </summary>
/// <param name="Now">This sync reads afresh.</param>
/// <param name="DeferredFor">A fresh read was asked for too soon: how long until it is allowed.</param>
internal readonly record struct FreshRead(bool Now, TimeSpan? DeferredFor)
{
    /// <param name="inputs">The digest of this sync's inputs.</param>
    /// <param name="syncedInputs">The Secret's <c>syncer.io/synced-inputs</c>: equal to <paramref name="inputs"/>, the value was applied before a restart.</param>
    public static FreshRead Decide(ManagedSecret state, SyncSpec spec, string inputs, string? syncedInputs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        var wanted = spec.ForceSync is not null && spec.ForceSync != state.ForceSyncApplied && inputs != syncedInputs;
        if (!wanted)
        {
            return default;
        }

        if (state.FreshReadAt is { } last && now - last < spec.FreshReadSpacing)
        {
            return new FreshRead(false, last + spec.FreshReadSpacing - now);
        }

        state.FreshReadAt = now;
        return new FreshRead(true, null);
    }
}
