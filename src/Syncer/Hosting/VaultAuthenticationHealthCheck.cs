using Microsoft.Extensions.Diagnostics.HealthChecks;
using Syncer.Leadership;
using Syncer.Vault;

namespace Syncer.Hosting;

/// <summary>
/// <c>/readyz</c>, Vault: the leader is not ready while its last Vault login failed (nothing can sync once its token
/// expires). A standby holds no token and logs in to nothing, so it stays ready.
/// </summary>
internal sealed class VaultAuthenticationHealthCheck(ILeadership leadership, VaultClient vault) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!leadership.IsLeader ? HealthCheckResult.Healthy("Standing by: no Vault login needed")
            : vault.AuthenticationFailing ? HealthCheckResult.Unhealthy("The leader's last Vault login failed (see its log and syncer_vault_logins_total)")
            : HealthCheckResult.Healthy("Vault login working or not needed yet"));
}
