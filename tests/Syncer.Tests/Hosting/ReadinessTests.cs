using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Syncer.Discovery;
using Syncer.Doubles.Kubernetes;
using Syncer.Hosting;
using Syncer.Observability;
using Syncer.Sync;

namespace Syncer.Tests.Hosting;

/// <summary>/readyz degrades when a watch has kept failing past the threshold, and recovers when it works again.</summary>
public sealed class ReadinessTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact(Timeout = 10_000)]
    public async Task DiscoveryCheck_IsHealthyWithinTheThreshold_AndUnhealthyPastIt()
    {
        var time = new FakeTimeProvider(Start);
        var informer = new FixedInformer { FailingSince = Start };
        var check = new DiscoveryReadinessHealthCheck([informer], new ManagedSecretStore(new SyncerMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry())), time),
            Options.Create(new HealthOptions { WatchFailureThreshold = TimeSpan.FromMinutes(2) }), time);
        var context = new HealthCheckContext();

        time.Advance(TimeSpan.FromMinutes(2));
        var within = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(1));
        var past = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);
        informer.FailingSince = null;
        var recovered = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, within.Status);
        Assert.Equal(HealthStatus.Unhealthy, past.Status);
        Assert.Contains("secrets", past.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Readyz_WhileTheWatchKeepsFailing_TurnsUnavailable_AndReadyAgainOnceItWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        // No bookmarks: an idle watch that works again sends nothing, and readiness must still come back.
        await using var cluster = await SyncerCluster.CreateAsync(ct, new KubeApiDoubleOptions { Namespaces = ["shop"], BookmarkInterval = TimeSpan.FromHours(1) },
            new Dictionary<string, string?> { ["Syncer:Health:WatchFailureThreshold"] = "00:00:01" });
        await cluster.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = cluster.Host.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct)).StatusCode);

        cluster.Api.Faults.SetErrorRate("watch", "secrets", 1, 500);
        cluster.Api.Faults.DropWatches();
        await Eventually.HoldsAsync(async () => (await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct)).StatusCode == HttpStatusCode.ServiceUnavailable,
            "readiness reports the failing watch", ct, TimeSpan.FromSeconds(20));
        cluster.Api.Faults.Clear();

        await Eventually.HoldsAsync(async () => (await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct)).StatusCode == HttpStatusCode.OK,
            "ready again once the watch holds", ct, TimeSpan.FromSeconds(20));
        Assert.True(cluster.WatchRestarts("error") >= 2);
    }

    private sealed class FixedInformer : IResourceInformer
    {
        public string Resource => "secrets";

        public bool IsReady => true;

        public DateTimeOffset? FailingSince { get; set; }

        public Task WaitReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
