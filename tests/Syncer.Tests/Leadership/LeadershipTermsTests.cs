using Syncer.Leadership;

namespace Syncer.Tests.Leadership;

public sealed class LeadershipTermsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BetweenTerms_TheTokenIsAlreadyCancelled_AndThereIsNoStart()
    {
        var terms = new LeadershipTerms();

        Assert.False(terms.IsLeading);
        Assert.True(terms.Token.IsCancellationRequested);
        Assert.Null(terms.Since);
    }

    [Fact]
    public void End_CancelsTheTermsToken_AndTheNextTermBringsANewOne()
    {
        var terms = new LeadershipTerms();
        terms.Begin(Now);
        var first = terms.Token;

        Assert.True(terms.IsLeading);
        Assert.False(first.IsCancellationRequested);
        Assert.Equal(Now, terms.Since);

        Assert.True(terms.End());
        Assert.True(first.IsCancellationRequested);
        Assert.False(terms.End()); // once

        Assert.True(terms.Begin(Now.AddMinutes(1)));
        Assert.False(terms.Begin(Now.AddMinutes(2))); // a running term is not restarted
        Assert.False(terms.Token.IsCancellationRequested);
        Assert.Equal(Now.AddMinutes(1), terms.Since);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitAsync_CompletesWhenATermBegins_AndWaitsAgainAfterItEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        var terms = new LeadershipTerms();
        var waiting = terms.WaitAsync(ct);

        Assert.False(waiting.IsCompleted);
        terms.Begin(Now);
        await waiting;
        terms.End();

        Assert.False(terms.WaitAsync(ct).IsCompleted);
    }
}
