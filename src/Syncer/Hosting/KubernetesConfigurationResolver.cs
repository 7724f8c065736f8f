using k8s;

namespace Syncer.Hosting;

/// <summary>
/// The usual kubeconfig resolution (PRODUCT.md section 5): in-cluster service account first, then
/// <c>$KUBECONFIG</c>, then <c>~/.kube/config</c>. Tests bypass it by registering their own
/// <see cref="KubernetesClientConfiguration"/> before <c>AddSyncer</c>.
/// </summary>
internal static class KubernetesConfigurationResolver
{
    public static (KubernetesClientConfiguration Configuration, string Source) Resolve()
    {
        if (KubernetesClientConfiguration.IsInCluster())
        {
            return (KubernetesClientConfiguration.InClusterConfig(), "in-cluster service account");
        }

        var kubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG");
        // BuildDefaultConfig reads $KUBECONFIG, else ~/.kube/config (and would fall back to in-cluster, ruled out above).
        return (KubernetesClientConfiguration.BuildDefaultConfig(), string.IsNullOrEmpty(kubeconfig) ? "~/.kube/config" : "$KUBECONFIG");
    }

    /// <summary>
    /// The API server's scheme, host and port only, for logs: a kubeconfig server URL may carry credentials in its
    /// user info or path (the project's Kubernetes double puts its token in the path).
    /// </summary>
    public static string Redact(string? host) =>
        Uri.TryCreate(host, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{uri.Port}" : "(unparsable server URL)";
}
