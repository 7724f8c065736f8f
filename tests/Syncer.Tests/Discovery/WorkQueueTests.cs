using Microsoft.Extensions.Time.Testing;
using Syncer.Discovery;

namespace Syncer.Tests.Discovery;

public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    [Fact(Timeout = 10_000)]
    public async Task Add_TheSameKeyTwiceBeforeItIsTaken_QueuesItOnce()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await queue.TakeAsync(TestContext.Current.CancellationToken));
        Assert.Equal("b", await queue.TakeAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, queue.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task TakeAsync_OfTheLastOfManyItems_ShrinksTheIndexAndTheQueueStillCoalescesAndPrioritises()
    {
        using var queue = new WorkQueue<int>(_time);
        for (var i = 0; i < 10_000; i++)
        {
            queue.Add(i);
        }

        for (var i = 0; i < 10_000; i++)
        {
            queue.Done(await queue.TakeAsync(TestContext.Current.CancellationToken));
        }

        Assert.InRange(queue.WaitingCapacity, 0, WorkQueue<int>.KeepCapacity); // not the room for 10,000 held ever after
        queue.Add(1);
        queue.Add(2);
        queue.Add(1);
        queue.Add(2, WorkPriority.High);
        Assert.Equal(2, queue.Count);
        Assert.Equal(2, await queue.TakeAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await queue.TakeAsync(TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 10_000)]
    public async Task Add_WhileTheKeyIsProcessed_QueuesItAgainOnlyAfterDone()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var taken = await queue.TakeAsync(TestContext.Current.CancellationToken);

        queue.Add("a");
        queue.Add("a");
        Assert.Equal(0, queue.Count); // not handed to a second worker while the first holds it

        queue.Done(taken);
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await queue.TakeAsync(TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 10_000)]
    public async Task Done_WithoutANewAdd_DoesNotQueueTheKeyAgain()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        queue.Done(await queue.TakeAsync(TestContext.Current.CancellationToken));

        Assert.Equal(0, queue.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task TakeAsync_OnAnEmptyQueue_WaitsForAnAdd()
    {
        using var queue = new WorkQueue<string>(_time);
        var take = queue.TakeAsync(TestContext.Current.CancellationToken);
        Assert.False(take.IsCompleted);

        queue.Add("late");

        Assert.Equal("late", await take);
    }

    [Fact(Timeout = 10_000)]
    public async Task TakeAsync_TakesEveryHighItemBeforeAnyNormalOne()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("refresh-1");
        queue.Add("refresh-2");
        queue.Add("new", WorkPriority.High);
        queue.Add("refresh-1", WorkPriority.High); // a waiting normal item is lifted, not queued twice

        var order = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            order.Add(await queue.TakeAsync(TestContext.Current.CancellationToken));
        }

        Assert.Equal(["new", "refresh-1", "refresh-2"], order);
    }

    [Fact(Timeout = 10_000)]
    public async Task AddAfter_QueuesTheItemOnlyOnceTheDelayHasPassedOnTheClock()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("retry", TimeSpan.FromSeconds(5), WorkPriority.High);

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, queue.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal("retry", await queue.TakeAsync(TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 10_000)]
    public async Task Done_AfterAHighAddWhileProcessing_QueuesItInTheHighLane()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var taken = await queue.TakeAsync(TestContext.Current.CancellationToken);
        queue.Add("b");
        queue.Add("a", WorkPriority.High);

        queue.Done(taken);

        Assert.Equal("a", await queue.TakeAsync(TestContext.Current.CancellationToken));
    }
}
