using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Syncer.Discovery;
using Syncer.Doubles.Kubernetes;
using Syncer.Observability;

namespace Syncer.Tests.Discovery;

/// <summary>
/// The informer with the real KubernetesClient against the Kubernetes double, on a fake clock: a server whose every
/// watch expires (410) right after the list it starts from is listed again with backoff, not in a tight loop.
/// </summary>
public sealed class ResourceInformerBackoffTests
{
    private const int ExpiredAfterList = 109;

    [Fact(Timeout = 30_000)]
    public async Task Watch_WhenItExpiresRightAfterEveryList_RelistsWithBackoff_AndRecoversWhenTheServerDoes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = ["shop"] }, ct);
        using var client = new k8s.Kubernetes(api.CreateClientConfiguration());
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var logs = new FakeLogCollector();
        var options = new DiscoveryOptions { RetryInitialDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(30) };
        var metrics = new SyncerMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
        using var informer = new ResourceInformer<PartialObjectMetadata>(
            new SecretMetadataSource(client), Options.Create(options), metrics, time, new FakeLogger<ResourceInformer<PartialObjectMetadata>>(logs));
        api.Faults.SetErrorRate("watch", "secrets", 1.0, 410); // every watch: 410 Gone, whatever resourceVersion it starts from
        long Lists() => api.Requests.Count("list", "secrets");
        List<string> Backoffs() => [.. logs.GetSnapshot().Where(r => r.Id.Id == ExpiredAfterList).Select(r => r.Message)];

        await informer.StartAsync(ct);
        await Eventually.HoldsAsync(() => Backoffs().Count == 1, "the first expiry right after a list is backed off", ct);
        var firstWait = await AdvanceUntilAsync(time, () => Lists() >= 2, ct);
        var listsAfterFirstWait = Lists();
        await Eventually.HoldsAsync(() => Backoffs().Count == 2, "the second expiry right after a list is backed off", ct);
        api.Faults.Clear();
        var secondWait = await AdvanceUntilAsync(time, () => Lists() >= 3, ct);
        await Eventually.HoldsAsync(() => informer.IsReady && api.Requests.Count("watch", "secrets") == 3, "the server recovered: listed and watching", ct);

        // The fake clock only moves when the test moves it: a re-list in a tight loop would need none of it.
        Assert.InRange(firstWait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.InRange(secondWait, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        Assert.Equal((2, 3), (listsAfterFirstWait, Lists()));
        Assert.EndsWith("(failure 1 in a row); re-listing in 00:00:01", Backoffs()[0], StringComparison.Ordinal);
        Assert.EndsWith("(failure 2 in a row); re-listing in 00:00:02", Backoffs()[1], StringComparison.Ordinal);
        Assert.Equal(2, metrics.WatchRestartsTotal.WithLabels("secrets", "expired").Value);
        await informer.StopAsync(ct);
    }

    /// <summary>Moves the fake clock in small steps until <paramref name="done"/> holds; returns how far it moved.</summary>
    private static async Task<TimeSpan> AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done, CancellationToken ct)
    {
        var step = TimeSpan.FromMilliseconds(100);
        var moved = TimeSpan.Zero;
        await Eventually.HoldsAsync(() =>
        {
            if (done())
            {
                return true;
            }

            time.Advance(step);
            moved += step;
            return false;
        }, "the informer listed again", ct);
        return moved;
    }
}
