using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Sync;
using Syncer.Vault.Configuration;

namespace Syncer.Hosting;

/// <summary>
/// One Information line at start saying where Syncer connected: the Kubernetes API and Vault (scheme, host and port
/// only: a URL may carry credentials), the Vault auth method, Syncer's own namespace and the watched namespaces.
/// </summary>
internal sealed class ConnectionReport(
    KubernetesClientConfiguration kubernetes,
    IOptions<VaultClientSettings> vault,
    IOptions<SyncOptions> sync,
    IOptions<DiscoveryOptions> discovery,
    ILogger<ConnectionReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var watched = discovery.Value.WatchNamespaces.Count == 0 ? "all namespaces" : string.Join(",", discovery.Value.WatchNamespaces);
        Log.Connected(logger, KubernetesConfigurationResolver.Redact(kubernetes.Host), KubernetesConfigurationResolver.Redact(vault.Value.Address),
            vault.Value.Auth.Method, sync.Value.Namespace ?? OwnNamespace.Default, watched);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
