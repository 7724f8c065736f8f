using Syncer.Discovery;

namespace Syncer.Tests.Discovery;

public sealed class CoalescingWorkQueueTests
{
    [Fact(Timeout = 10_000)]
    public async Task Add_TheSameKeyTwiceBeforeItIsTaken_QueuesItOnce()
    {
        using var queue = new CoalescingWorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await queue.TakeAsync(TestContext.Current.CancellationToken));
        Assert.Equal("b", await queue.TakeAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, queue.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task Add_WhileTheKeyIsProcessed_QueuesItAgainOnlyAfterDone()
    {
        using var queue = new CoalescingWorkQueue<string>();
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
        using var queue = new CoalescingWorkQueue<string>();
        queue.Add("a");
        queue.Done(await queue.TakeAsync(TestContext.Current.CancellationToken));

        Assert.Equal(0, queue.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task TakeAsync_OnAnEmptyQueue_WaitsForAnAdd()
    {
        using var queue = new CoalescingWorkQueue<string>();
        var take = queue.TakeAsync(TestContext.Current.CancellationToken);
        Assert.False(take.IsCompleted);

        queue.Add("late");

        Assert.Equal("late", await take);
    }
}
