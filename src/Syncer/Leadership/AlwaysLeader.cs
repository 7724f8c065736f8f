namespace Syncer.Leadership;

/// <summary>A replica that always leads, since the start of time: the seam for tests of a single replica.</summary>
internal sealed class AlwaysLeader : ILeadership
{
    public bool IsLeader => true;

    public CancellationToken Token => CancellationToken.None;

    public DateTimeOffset? LeadingSince => DateTimeOffset.MinValue;

    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
