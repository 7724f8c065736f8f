using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Syncer.Sync;

namespace Syncer.Hosting;

/// <summary><c>/healthz</c> (liveness), <c>/readyz</c> (initial list done) and <c>/metrics</c> (Prometheus).</summary>
internal static class SyncerEndpointRouteBuilderExtensions
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapSyncerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Liveness runs no check: the process answering is what a restart would fix.
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });

        var registry = endpoints.ServiceProvider.GetRequiredService<CollectorRegistry>();
        var secrets = endpoints.ServiceProvider.GetRequiredService<ManagedSecretStore>();
        registry.AddBeforeCollectCallback(secrets.UpdateStalestAge); // O(Secrets): once per scrape, not per sync
        endpoints.MapMetrics("/metrics", registry);
        return endpoints;
    }
}
