using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Syncer.Leadership;
using Syncer.Sync;
using Syncer.Vault;

namespace Syncer.Hosting;

/// <summary>
/// <c>/healthz</c> (liveness), <c>/readyz</c> (caches listed and watches working; on the leader, Vault login working)
/// and <c>/metrics</c> (Prometheus).
/// </summary>
internal static class SyncerEndpointRouteBuilderExtensions
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapSyncerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Liveness runs no check: the process answering is what a restart would fix.
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });

        var services = endpoints.ServiceProvider;
        var registry = services.GetRequiredService<CollectorRegistry>();
        var secrets = services.GetRequiredService<ManagedSecretStore>();
        // Resolved at the first scrape, not here: their options are validated when the host starts.
        var leadership = new Lazy<ILeadership>(services.GetRequiredService<ILeadership>);
        var vault = new Lazy<VaultClient>(services.GetRequiredService<VaultClient>);
        // Gauges computed at each scrape, so they are never stale: the managed Secrets' count and the stalest one's age
        // (one O(Secrets) pass per scrape, not per event) and the token's time to expiry (negative once it has expired
        // unnoticed).
        registry.AddBeforeCollectCallback(() => secrets.UpdateGauges(leadership.Value.LeadingSince));
        registry.AddBeforeCollectCallback(() => vault.Value.PublishTokenExpiry());
        endpoints.MapMetrics("/metrics", registry);
        return endpoints;
    }
}
