using Microsoft.Extensions.Logging;

namespace Syncer.Hosting;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Kubernetes API at {Host} (configuration from {Source})")]
    public static partial void KubernetesConfiguration(ILogger logger, string? host, string source);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Syncer connected: Kubernetes {KubernetesHost}, Vault {VaultAddress} (auth {AuthMethod}), own namespace {OwnNamespace}, watching {WatchedNamespaces}")]
    public static partial void Connected(ILogger logger, string kubernetesHost, string vaultAddress, string authMethod, string ownNamespace, string watchedNamespaces);
}
