using Syncer.Sync;

namespace Syncer.Tests.Hosting;

public sealed class GracefulShutdownTests
{
    [Fact(Timeout = 30_000)]
    public async Task Stop_WhileASyncRuns_WaitsForItToFinish()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.Host.Handler.Gate = gate;
        await cluster.StartAsync(ct);
        await cluster.CreateSecretAsync("shop", "db", cancellationToken: ct);
        await Eventually.HoldsAsync(() => cluster.Host.Handler.CountFor(new SecretKey("shop", "db")) == 1, "a sync is running", ct);

        var stopping = cluster.Host.App.StopAsync(ct);
        await Eventually.HoldsAsync(() => cluster.Host.App.Lifetime.ApplicationStopping.IsCancellationRequested, "the host is stopping", ct);
        // Proving a negative takes a bounded wait: the host must still be stopping a second later.
        Assert.NotSame(stopping, await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(1), ct)));

        gate.SetResult();
        await stopping;
        Assert.Equal(1, cluster.Host.Handler.Completed);
    }
}
