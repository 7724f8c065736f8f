using Syncer.Leadership;

namespace Syncer.Tests.Leadership;

/// <summary>Leadership a unit test switches on and off, over the real <see cref="LeadershipTerms"/>.</summary>
internal sealed class SwitchableLeadership(TimeProvider timeProvider) : ILeadership
{
    private readonly LeadershipTerms _terms = new();

    public bool IsLeader => _terms.IsLeading;

    public CancellationToken Token => _terms.Token;

    public DateTimeOffset? LeadingSince => _terms.Since;

    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => _terms.WaitAsync(cancellationToken);

    public void Lead() => _terms.Begin(timeProvider.GetUtcNow());

    public void StandDown() => _terms.End();
}
