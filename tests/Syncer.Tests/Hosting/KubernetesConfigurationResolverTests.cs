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
}
