using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.Serialization;

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
        var source = string.IsNullOrEmpty(kubeconfig) ? "~/.kube/config" : "$KUBECONFIG";
        var single = string.IsNullOrEmpty(kubeconfig) ? KubernetesClientConfiguration.KubeConfigDefaultLocation : kubeconfig.Trim('"');
        if (!single.Contains(Path.PathSeparator, StringComparison.Ordinal) && File.Exists(single))
        {
            return (FromFile(single), source);
        }

        // Several files to merge (or none): BuildDefaultConfig reads $KUBECONFIG, else ~/.kube/config (and would fall
        // back to in-cluster, ruled out above).
        return (KubernetesClientConfiguration.BuildDefaultConfig(), source);
    }

    /// <summary>
    /// One kubeconfig file, read with a plain YamlDotNet deserializer (the model carries its YAML names) and built by
    /// the client as <c>BuildConfigFromConfigFile</c> would, relative paths against the file's folder. Written by hand
    /// because the client's own loader goes through <c>KubernetesYaml</c>, whose first use reflects over every model
    /// type of the client (about 6,000 types: some 25 MB of type metadata that stays for the life of the process,
    /// docs/performance.md); a kubeconfig needs none of it.
    /// </summary>
    public static KubernetesClientConfiguration FromFile(string path)
    {
        var model = new DeserializerBuilder().IgnoreUnmatchedProperties().Build()
            .Deserialize<K8SConfiguration>(File.ReadAllText(path));
        model.FileName = Path.GetFullPath(path);
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(model);
    }

    /// <summary>
    /// The API server's scheme, host and port only, for logs: a kubeconfig server URL may carry credentials in its
    /// user info or path (the project's Kubernetes double puts its token in the path).
    /// </summary>
    public static string Redact(string? host) =>
        Uri.TryCreate(host, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{uri.Port}" : "(unparsable server URL)";
}
