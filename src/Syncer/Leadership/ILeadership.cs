namespace Syncer.Leadership;

/// <summary>
/// Whether this replica may act (PRODUCT.md promise 8): only the leader syncs, writes and rolls; standbys keep their
/// informers, caches and schedules warm. Whoever acts reads <see cref="Token"/> first, acts only if it is not
/// cancelled, and acts under it: it is cancelled the moment leadership is lost. <see cref="LeaseLeadership"/> elects
/// through a Lease; <see cref="AlwaysLeader"/> is the single-replica seam tests use.
/// </summary>
internal interface ILeadership
{
    bool IsLeader { get; }

    /// <summary>
    /// The current leadership term's token: cancelled when this replica stops leading, and already cancelled while it
    /// does not lead. A new term brings a new token.
    /// </summary>
    CancellationToken Token { get; }

    /// <summary>When the current term began; null while this replica does not lead.</summary>
    DateTimeOffset? LeadingSince { get; }

    /// <summary>Completes when this replica leads (at once if it does).</summary>
    Task WaitForLeadershipAsync(CancellationToken cancellationToken);
}
