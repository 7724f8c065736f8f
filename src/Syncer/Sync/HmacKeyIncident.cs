namespace Syncer.Sync;

/// <summary>What happened to the data-hash key Secret; each has its Event reason, log line and metric label.</summary>
internal enum HmacKeyIncident
{
    /// <summary>Deleted while Syncer ran; created again with the key Syncer holds, so no hash changes.</summary>
    Recreated,

    /// <summary>Absent at start while managed Secrets carry data-hashes (deleted while Syncer was down); a new key was created.</summary>
    Lost,

    /// <summary>The Secret holds another valid key than the one this process used: it is adopted.</summary>
    Mismatch,

    /// <summary>The Secret holds no usable key (none, or shorter than 32 bytes): this process keeps its own.</summary>
    Unusable,
}
