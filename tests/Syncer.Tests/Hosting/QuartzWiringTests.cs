using k8s;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Syncer.Scheduling;

namespace Syncer.Tests.Hosting;

public sealed class QuartzWiringTests
{
    private static readonly KubernetesClientConfiguration Unreachable = new() { Host = "http://127.0.0.1:1" };

    [Fact(Timeout = 30_000)]
    public async Task Scheduler_IsAnInMemoryTimerWhoseFiringsOnlyQueueSyncs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = SyncerTestHost.Build(Unreachable, new Dictionary<string, string?> { ["Syncer:Scheduling:MaxConcurrentSyncs"] = "7" });
        await host.StartAsync(ct);

        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
        var metadata = await scheduler.GetMetadata(ct);

        Assert.False(metadata.JobStorePersistent); // RAMJobStore
        Assert.True(metadata.ThreadPoolSize < 7); // the syncs run on the dispatcher's workers (SyncDispatcherTests), not on Quartz's threads
        Assert.NotNull(host.Services.GetRequiredService<SyncDispatcher>());
    }
}
