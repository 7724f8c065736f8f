namespace Syncer.Leadership;

/// <summary>
/// Whether this replica may write (PRODUCT.md promise 8). The sync dispatcher, and later the restart side, consult it
/// before acting and act under <see cref="Token"/>, which is cancelled the moment leadership is lost. Leader election
/// (issue 10) implements it with a Lease; until then <see cref="AlwaysLeader"/>.
/// </summary>
internal interface ILeadership
{
    bool IsLeader { get; }

    /// <summary>Cancelled when this replica stops being the leader; a new leadership term brings a new token.</summary>
    CancellationToken Token { get; }

    /// <summary>Completes when this replica leads (at once if it does).</summary>
    Task WaitForLeadershipAsync(CancellationToken cancellationToken);
}
