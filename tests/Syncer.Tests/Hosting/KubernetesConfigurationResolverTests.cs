using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Logging.Abstractions;
using Syncer.Doubles.Kubernetes;
using Syncer.Hosting;

namespace Syncer.Tests.Hosting;

[Collection(nameof(ProcessEnvironment))] // sets KUBECONFIG and the working folder
public sealed class KubernetesConfigurationResolverTests
{
    [Fact(Timeout = 30_000)]
    public async Task Resolve_OutsideAClusterWithKubeconfigSet_UsesThatFile()
    {
        await using var api = await KubeApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var path = api.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"syncer-{Guid.NewGuid():N}", "kubeconfig"));
        var previous = Environment.GetEnvironmentVariable("KUBECONFIG");
        try
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", path);

            var (configuration, source) = KubernetesConfigurationResolver.Resolve(TimeProvider.System, NullLogger.Instance);

            Assert.Equal("$KUBECONFIG", source);
            Assert.StartsWith(api.BaseAddress.GetLeftPart(UriPartial.Authority), configuration.Host, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", previous);
            File.Delete(path);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task FromFile_ReadsAKubeconfigAsTheClientsOwnLoaderDoes_RelativePathsAgainstItsFolder()
    {
        await using var api = await KubeApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var folder = Path.Combine(Path.GetTempPath(), $"syncer-{Guid.NewGuid():N}");
        var inline = api.WriteKubeconfig(Path.Combine(folder, "inline"), token: "token-a");
        // The same cluster with the CA as a file named relative to the kubeconfig, and a namespace on the context.
        File.WriteAllText(Path.Combine(folder, "ca.crt"), api.CertificateAuthorityPem);
        var relative = Path.Combine(folder, "relative");
        File.WriteAllText(relative, File.ReadAllText(inline)
            .Replace("certificate-authority-data: " + Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(api.CertificateAuthorityPem)), "certificate-authority: ca.crt", StringComparison.Ordinal)
            .Replace("namespace: default", "namespace: team-a", StringComparison.Ordinal));
        Assert.Contains("certificate-authority: ca.crt", File.ReadAllText(relative), StringComparison.Ordinal);
        var elsewhere = Directory.CreateTempSubdirectory("syncer-cwd-").FullName;
        var cwd = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = elsewhere; // a relative CA path must not resolve against the working folder
            foreach (var path in new[] { inline, relative })
            {
                var lean = KubernetesConfigurationResolver.FromFiles([path], TimeProvider.System, NullLogger.Instance);
                var client = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);

                Assert.Equal(client.Host, lean.Host);
                Assert.Equal("token-a", lean.AccessToken);
                Assert.Equal(client.AccessToken, lean.AccessToken);
                Assert.Equal(client.Namespace, lean.Namespace);
                Assert.Equal(client.CurrentContext, lean.CurrentContext);
                Assert.Equal(client.SkipTlsVerify, lean.SkipTlsVerify);
                Assert.Equal(client.SslCaCerts.Select(c => c.Thumbprint), lean.SslCaCerts.Select(c => c.Thumbprint));
                Assert.Single(lean.SslCaCerts);
            }

            Assert.Equal("team-a", KubernetesConfigurationResolver.FromFiles([relative], TimeProvider.System, NullLogger.Instance).Namespace);
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            Directory.Delete(folder, recursive: true);
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Resolve_WithSeveralFiles_MergesThemAsKubectl_FirstNameWins_PathsAgainstEachFilesFolder_MissingOnesSkipped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await KubeApiDouble.StartAsync(cancellationToken: ct);
        var root = Directory.CreateTempSubdirectory("syncer-merge-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "a"));
        Directory.CreateDirectory(Path.Combine(root, "b"));
        var first = Path.Combine(root, "a", "config");
        File.WriteAllText(first, $$"""
            apiVersion: v1
            kind: Config
            current-context: work
            contexts:
            - name: work
              context: {cluster: shared, user: me, namespace: team-a}
            users:
            - name: me
              user: {token: {{api.AdminToken}}}
            """);
        var second = Path.Combine(root, "b", "config");
        File.WriteAllText(Path.Combine(root, "b", "ca.crt"), api.CertificateAuthorityPem);
        File.WriteAllText(second, $$"""
            apiVersion: v1
            kind: Config
            current-context: elsewhere
            clusters:
            - name: shared
              cluster: {server: "{{api.BaseAddress.GetLeftPart(UriPartial.Authority)}}", certificate-authority: ca.crt}
            users:
            - name: me
              user: {token: from-the-second-file}
            """);
        var previous = Environment.GetEnvironmentVariable("KUBECONFIG");
        try
        {
            // A file that does not exist is skipped, as kubectl skips it.
            Environment.SetEnvironmentVariable("KUBECONFIG", $"{first}{Path.PathSeparator}{Path.Combine(root, "gone")}{Path.PathSeparator}{second}");

            var (configuration, source) = KubernetesConfigurationResolver.Resolve(TimeProvider.System, NullLogger.Instance);

            Assert.Equal("$KUBECONFIG", source);
            Assert.Equal(("work", "team-a", api.AdminToken), (configuration.CurrentContext, configuration.Namespace, configuration.AccessToken));
            Assert.Equal(api.BaseAddress.GetLeftPart(UriPartial.Authority), configuration.Host.TrimEnd('/'));
            Assert.Single(configuration.SslCaCerts); // ca.crt read from the second file's folder
            using var client = new k8s.Kubernetes(configuration);
            Assert.NotEmpty((await client.CoreV1.ListNamespaceAsync(cancellationToken: ct)).Items);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", previous);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void FromFiles_WhenNoFileExists_SaysWhichWereLookedFor()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"syncer-{Guid.NewGuid():N}", "config");

        var error = Assert.Throws<KubeConfigException>(() => KubernetesConfigurationResolver.FromFiles([missing, missing + "-2"], TimeProvider.System, NullLogger.Instance));

        Assert.Equal($"No kubeconfig file found at {missing}, {missing}-2.", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:35463/token/admin-506fc97be99860c2", "http://127.0.0.1:35463")]
    [InlineData("https://user:hunter2@api.example.com/", "https://api.example.com:443")]
    public void Redact_KeepsOnlySchemeHostAndPort(string host, string expected)
    {
        var redacted = KubernetesConfigurationResolver.Redact(host);

        Assert.Equal(expected, redacted);
        Assert.DoesNotContain("admin-", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", redacted, StringComparison.Ordinal);
    }
}
