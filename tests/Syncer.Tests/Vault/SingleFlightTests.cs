using Microsoft.Extensions.Time.Testing;
using Syncer.Vault;

namespace Syncer.Tests.Vault;

public sealed class SingleFlightTests
{
    [Fact(Timeout = 10_000)]
    public async Task RunAsync_ConcurrentCallsWithOneKey_ShareOneCall()
    {
        var flight = new SingleFlight<string, int>(new FakeTimeProvider(), TimeSpan.Zero);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var shared = 0;

        var waiters = Enumerable.Range(0, 20)
            .Select(_ => flight.RunAsync("k", () => { Interlocked.Increment(ref calls); return gate.Task; }, () => Interlocked.Increment(ref shared), TestContext.Current.CancellationToken))
            .ToList();
        gate.SetResult(42);

        Assert.All(await Task.WhenAll(waiters), v => Assert.Equal(42, v));
        Assert.Equal(1, calls);
        Assert.Equal(19, shared);
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_WithinTheWindow_ReusesTheResultAndAfterItCallsAgain()
    {
        var time = new FakeTimeProvider();
        var flight = new SingleFlight<string, int>(time, TimeSpan.FromSeconds(2));
        var calls = 0;
        Task<int> Call() => Task.FromResult(Interlocked.Increment(ref calls));
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(1, await flight.RunAsync("k", Call, () => { }, ct));
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(1, await flight.RunAsync("k", Call, () => { }, ct));
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(2, await flight.RunAsync("k", Call, () => { }, ct));
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_AfterAFailure_CallsAgainAtOnce()
    {
        var flight = new SingleFlight<string, int>(new FakeTimeProvider(), TimeSpan.FromSeconds(2));
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<InvalidOperationException>(() => flight.RunAsync("k", () => Task.FromException<int>(new InvalidOperationException()), () => { }, ct));

        Assert.Equal(7, await flight.RunAsync("k", () => Task.FromResult(7), () => { }, ct));
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_WhenOneCallerCancels_OthersStillGetTheResult()
    {
        var flight = new SingleFlight<string, int>(new FakeTimeProvider(), TimeSpan.Zero);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancelled = new CancellationTokenSource();

        var first = flight.RunAsync("k", () => gate.Task, () => { }, cancelled.Token);
        var second = flight.RunAsync("k", () => gate.Task, () => { }, TestContext.Current.CancellationToken);
        await cancelled.CancelAsync();
        gate.SetResult(5);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(5, await second);
    }

    [Fact(Timeout = 10_000)]
    public async Task Results_LeaveWhenTheirWindowEnds_WithoutTheirKeysBeingAskedAgain()
    {
        var time = new FakeTimeProvider();
        using var flight = new SingleFlight<int, int>(time, TimeSpan.FromSeconds(2));
        var ct = TestContext.Current.CancellationToken;
        var slow = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => flight.RunAsync(i, () => Task.FromResult(i), () => { }, ct)));
        var pending = flight.RunAsync(-1, () => slow.Task, () => { }, ct);
        var held = flight.Count;
        time.Advance(TimeSpan.FromSeconds(2));
        var afterWindow = flight.Count;
        slow.SetResult(1);
        await pending;
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(101, held);
        Assert.Equal(1, afterWindow); // the call still in flight stays until it is done
        Assert.Equal(0, flight.Count);
    }

    [Fact]
    public void NegativeCache_ForgetsOnTime_WithoutTheKeysBeingAskedAgain()
    {
        var time = new FakeTimeProvider();
        using var cache = new NegativeCache<string>(time, TimeSpan.FromSeconds(30));

        for (var i = 0; i < 50; i++)
        {
            cache.Remember($"junk/{i}", new InvalidOperationException());
        }

        time.Advance(TimeSpan.FromSeconds(29));
        var held = (cache.Count, cache.Find("junk/0") is not null);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((50, true), held);
        Assert.Equal(0, cache.Count);
        Assert.Null(cache.Find("junk/0"));
    }
}
