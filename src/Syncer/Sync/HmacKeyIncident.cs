namespace Syncer.Sync;

/// <summary>What happened to the data-hash key Secret; each has its Event reason, log line and metric label.</summary>
internal enum HmacKeyIncident
{
    /// <summary>Deleted while Syncer ran; created again with the key Syncer holds, so no hash changes.</summary>
    Recreated,

    /// <summary>Absent at start while managed Secrets carry data-hashes (deleted while Syncer was down); a new key was created.</summary>
    Lost,

    /// <summary>The Secret holds another key, or none usable, than the one this process uses.</summary>
    Mismatch,
}
