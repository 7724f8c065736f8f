using Syncer.Doubles.Kubernetes;
using Syncer.Hosting;

namespace Syncer.Tests.Hosting;

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

            var (configuration, source) = KubernetesConfigurationResolver.Resolve();

            Assert.Equal("$KUBECONFIG", source);
            Assert.StartsWith(api.BaseAddress.GetLeftPart(UriPartial.Authority), configuration.Host, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", previous);
            File.Delete(path);
        }
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
