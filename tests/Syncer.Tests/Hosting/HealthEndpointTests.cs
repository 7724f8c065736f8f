using System.Net;
using k8s;

namespace Syncer.Tests.Hosting;

public sealed class HealthEndpointTests
{
    private static readonly KubernetesClientConfiguration Unreachable = new() { Host = "http://127.0.0.1:1" };

    [Fact(Timeout = 30_000)]
    public async Task Healthz_WhileTheApiServerIsUnreachable_IsOk()
    {
        await using var host = SyncerTestHost.Build(Unreachable);
        await host.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Readyz_BeforeTheInitialList_IsServiceUnavailable()
    {
        await using var host = SyncerTestHost.Build(Unreachable);
        await host.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_ExposesSyncerMetricsInPrometheusFormat()
    {
        await using var host = SyncerTestHost.Build(Unreachable);
        await host.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        var body = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("syncer_managed_secrets 0", body, StringComparison.Ordinal);
        Assert.Contains("syncer_stalest_secret_age_seconds", body, StringComparison.Ordinal);
    }
}
