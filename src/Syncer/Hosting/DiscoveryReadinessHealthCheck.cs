using Microsoft.Extensions.Diagnostics.HealthChecks;
using Syncer.Discovery;
using Syncer.Sync;

namespace Syncer.Hosting;

/// <summary><c>/readyz</c>: ready once every informer has listed every watched scope once.</summary>
internal sealed class DiscoveryReadinessHealthCheck(IEnumerable<IResourceInformer> informers, ManagedSecretStore secrets) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = informers.Where(i => !i.IsReady).Select(i => i.Resource).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy($"{secrets.Count} labeled Secrets indexed")
            : HealthCheckResult.Unhealthy($"The initial list of {string.Join(", ", waiting)} has not completed"));
    }
}
