using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Sync;

namespace Syncer.Hosting;

/// <summary>
/// <c>/readyz</c>, the caches: ready once every informer has listed every watched scope, and no longer while a list or
/// watch has kept failing for longer than <see cref="HealthOptions.WatchFailureThreshold"/> (the cache may miss changes).
/// </summary>
internal sealed class DiscoveryReadinessHealthCheck(
    IEnumerable<IResourceInformer> informers, ManagedSecretStore secrets, IOptions<HealthOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var all = informers.ToList();
        var waiting = all.Where(i => !i.IsReady).Select(i => i.Resource).ToList();
        if (waiting.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The initial list of {string.Join(", ", waiting)} has not completed"));
        }

        var now = timeProvider.GetUtcNow();
        var failing = all
            .Where(i => i.FailingSince is { } since && now - since > options.Value.WatchFailureThreshold)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Resource} (since {i.FailingSince:O})"))
            .ToList();
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy($"{secrets.Count} labeled Secrets indexed")
            : HealthCheckResult.Unhealthy($"Listing or watching {string.Join(", ", failing)} has kept failing for longer than {options.Value.WatchFailureThreshold}"));
    }
}
