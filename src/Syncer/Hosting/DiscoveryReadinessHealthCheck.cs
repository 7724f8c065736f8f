using Microsoft.Extensions.Diagnostics.HealthChecks;
using Syncer.Discovery;

namespace Syncer.Hosting;

/// <summary><c>/readyz</c>: ready once the informer has listed every watched scope once.</summary>
internal sealed class DiscoveryReadinessHealthCheck(DiscoveryReadiness readiness, SecretIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy($"{index.Count} labeled Secrets indexed")
            : HealthCheckResult.Unhealthy("The initial list of labeled Secrets has not completed"));
}
