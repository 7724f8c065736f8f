namespace Syncer.Leadership;

/// <summary>The single replica leads, always: the leadership seam until leader election fills it.</summary>
internal sealed class AlwaysLeader : ILeadership
{
    public bool IsLeader => true;

    public CancellationToken Token => CancellationToken.None;

    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
