using Microsoft.Extensions.Logging;

namespace Syncer.Hosting;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Kubernetes API at {Host} (configuration from {Source})")]
    public static partial void KubernetesConfiguration(ILogger logger, string? host, string source);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Syncer connected: Kubernetes {KubernetesHost}, Vault {VaultAddress} (auth {AuthMethod}), own namespace {OwnNamespace}, watching {WatchedNamespaces}")]
    public static partial void Connected(ILogger logger, string kubernetesHost, string vaultAddress, string authMethod, string ownNamespace, string watchedNamespaces);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Kubernetes credential refreshed by the kubeconfig's exec plugin {Command}; it expires at {ExpiresAt}")]
    public static partial void ExecCredentialRefreshed(ILogger logger, string command, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "The kubeconfig's exec plugin {Command} failed to refresh the Kubernetes credential: {Reason} Requests go on with the last credential: {LastStillHolds}; the plugin runs again in {Pause}")]
    public static partial void ExecCredentialFailed(ILogger logger, string command, string reason, bool lastStillHolds, TimeSpan pause);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "The Kubernetes API server refused the credential of the kubeconfig's exec plugin {Command} (401): the next request runs the plugin")]
    public static partial void ExecCredentialRejected(ILogger logger, string command);
}
