using System.Text;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using Microsoft.Extensions.Logging;
using YamlDotNet.Serialization;

namespace Syncer.Hosting;

/// <summary>
/// The usual kubeconfig resolution (PRODUCT.md section 5): in-cluster service account first, then
/// <c>$KUBECONFIG</c> (one file or several), then <c>~/.kube/config</c>. Tests bypass it by registering their own
/// <see cref="KubernetesClientConfiguration"/> before <c>AddSyncer</c>.
/// </summary>
internal static class KubernetesConfigurationResolver
{
    public static (KubernetesClientConfiguration Configuration, string Source) Resolve(TimeProvider time, ILogger logger)
    {
        if (KubernetesClientConfiguration.IsInCluster())
        {
            return (KubernetesClientConfiguration.InClusterConfig(), "in-cluster service account");
        }

        var kubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (string.IsNullOrEmpty(kubeconfig))
        {
            // No file at all: the client's default, as kubectl's without a kubeconfig (BuildDefaultConfig would read
            // $KUBECONFIG again and take an empty one for a file name).
            return File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation)
                ? (FromFiles([KubernetesClientConfiguration.KubeConfigDefaultLocation], time, logger), "~/.kube/config")
                : (new KubernetesClientConfiguration { Host = "http://localhost:8080" }, "no kubeconfig found");
        }

        var files = kubeconfig.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(path => path.Trim('"'));
        return (FromFiles(files, time, logger), "$KUBECONFIG");
    }

    /// <summary>
    /// The kubeconfig files of <c>$KUBECONFIG</c>, merged as kubectl merges them (a file that does not exist is skipped;
    /// the first file naming a cluster, user or context wins, and the first current-context), each read with a plain
    /// YamlDotNet deserializer (the model carries its YAML names) with relative paths against its own folder, then
    /// built by the client as <c>BuildConfigFromConfigObject</c> does. Written by hand because the client's own loader goes through
    /// <c>KubernetesYaml</c>, whose first use reflects over every model type of the client (about 6,000 types: some
    /// 25 MB of type metadata that stays for the life of the process, docs/performance.md); a kubeconfig needs none of
    /// it. A user with an exec credential plugin is run by Syncer's own runner (<see cref="ExecCredentialPlugin"/>).
    /// </summary>
    public static KubernetesClientConfiguration FromFiles(IEnumerable<string> paths, TimeProvider time, ILogger logger)
    {
        var files = paths.Select(Path.GetFullPath).ToList();
        K8SConfiguration? merged = null;
        foreach (var path in files.Where(File.Exists))
        {
            var model = Load(path);
            merged = merged is null ? model : Merge(merged, model);
        }

        return merged is null
            ? throw new KubeConfigException($"No kubeconfig file found at {string.Join(", ", files)}.")
            : Build(merged, time, logger);
    }

    private static K8SConfiguration Load(string path)
    {
        var model = new DeserializerBuilder().IgnoreUnmatchedProperties().Build()
            .Deserialize<K8SConfiguration>(File.ReadAllText(path)) ?? new K8SConfiguration();
        model.FileName = path;
        var folder = Path.GetDirectoryName(model.FileName)!;
        foreach (var cluster in model.Clusters ?? [])
        {
            cluster.ClusterEndpoint?.CertificateAuthority = Anchored(folder, cluster.ClusterEndpoint.CertificateAuthority);
        }

        foreach (var user in model.Users ?? [])
        {
            if (user.UserCredentials is not { } credentials)
            {
                continue;
            }

            credentials.ClientCertificate = Anchored(folder, credentials.ClientCertificate);
            credentials.ClientKey = Anchored(folder, credentials.ClientKey);
            // kubectl resolves a command against the kubeconfig's folder only when it names a path; a bare name is looked
            // up on PATH.
            if (credentials.ExternalExecution is { Command: { } command } exec && command.Contains('/', StringComparison.Ordinal))
            {
                exec.Command = Anchored(folder, command);
            }
        }

        return model;
    }

    private static string? Anchored(string folder, string? path) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(folder, path));

    private static K8SConfiguration Merge(K8SConfiguration first, K8SConfiguration next)
    {
        first.CurrentContext = string.IsNullOrEmpty(first.CurrentContext) ? next.CurrentContext : first.CurrentContext;
        first.Clusters = [.. (first.Clusters ?? []).Concat(next.Clusters ?? []).DistinctBy(c => c.Name)];
        first.Users = [.. (first.Users ?? []).Concat(next.Users ?? []).DistinctBy(u => u.Name)];
        first.Contexts = [.. (first.Contexts ?? []).Concat(next.Contexts ?? []).DistinctBy(c => c.Name)];
        return first;
    }

    private static KubernetesClientConfiguration Build(K8SConfiguration model, TimeProvider time, ILogger logger)
    {
        // The client matches the names of contexts, clusters and users ignoring case.
        var context = model.Contexts?.FirstOrDefault(c => string.Equals(c.Name, model.CurrentContext, StringComparison.OrdinalIgnoreCase))?.ContextDetails;
        var credentials = model.Users?.FirstOrDefault(u => string.Equals(u.Name, context?.User, StringComparison.OrdinalIgnoreCase))?.UserCredentials;
        if (credentials?.ExternalExecution is not { } exec)
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(model);
        }

        var endpoint = model.Clusters?.FirstOrDefault(c => string.Equals(c.Name, context?.Cluster, StringComparison.OrdinalIgnoreCase))?.ClusterEndpoint;
        var cluster = exec.ProvideClusterInfo ? ClusterInfo(endpoint) : null;
        var plugin = new ExecCredentialPlugin(exec, cluster, time, ExecCredentialPlugin.DefaultTimeout);
        // At start and synchronously (this runs in the client's factory), so a broken plugin stops Syncer with its reason.
        var first = plugin.RunAsync(CancellationToken.None).GetAwaiter().GetResult();

        // The client would run the plugin itself: hand it the answer instead, a certificate as base64 of its PEM.
        credentials.ExternalExecution = null;
        if (!string.IsNullOrEmpty(first.Token))
        {
            credentials.Token = first.Token;
        }

        if (!string.IsNullOrEmpty(first.ClientCertificateData) && !string.IsNullOrEmpty(first.ClientKeyData))
        {
            credentials.ClientCertificateData = Convert.ToBase64String(Encoding.ASCII.GetBytes(first.ClientCertificateData));
            credentials.ClientKeyData = Convert.ToBase64String(Encoding.ASCII.GetBytes(first.ClientKeyData));
        }

        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(model);
        if (!string.IsNullOrEmpty(first.Token))
        {
            configuration.TokenProvider = new ExecCredentialTokenProvider(plugin.RunAsync, plugin.Command, first, time, logger);
        }

        return configuration;
    }

    private static ExecCredentialCluster? ClusterInfo(ClusterEndpoint? endpoint) =>
        endpoint is null
            ? null
            : new ExecCredentialCluster(
                endpoint.Server,
                endpoint.TlsServerName,
                endpoint.SkipTlsVerify,
                !string.IsNullOrEmpty(endpoint.CertificateAuthorityData) ? Convert.FromBase64String(endpoint.CertificateAuthorityData)
                    : !string.IsNullOrEmpty(endpoint.CertificateAuthority) ? File.ReadAllBytes(endpoint.CertificateAuthority)
                    : null);

    /// <summary>
    /// The process's one Kubernetes client; with an exec plugin's token, a 401 ends that token
    /// (<see cref="ExecCredentialRejectionHandler"/>).
    /// </summary>
    public static IKubernetes CreateClient(KubernetesClientConfiguration configuration) =>
        configuration.TokenProvider is ExecCredentialTokenProvider exec
            ? new k8s.Kubernetes(configuration, new ExecCredentialRejectionHandler(exec))
            : new k8s.Kubernetes(configuration);

    /// <summary>
    /// The API server's scheme, host and port only, for logs: a kubeconfig server URL may carry credentials in its
    /// user info or path (the project's Kubernetes double puts its token in the path).
    /// </summary>
    public static string Redact(string? host) =>
        Uri.TryCreate(host, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{uri.Port}" : "(unparsable server URL)";
}
