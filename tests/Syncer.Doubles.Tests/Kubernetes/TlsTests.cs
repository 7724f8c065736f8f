using System.Net;
using System.Security.Authentication;
using System.Text;
using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>HTTPS with the double's own CA, bearer tokens only in headers, and HTTP/2 for many watches.</summary>
public sealed class TlsTests
{
    [Fact(Timeout = 10_000)]
    public async Task Https_AClientWithoutTheCa_IsRefused_AndOneWithItSpeaksHttp2OnIpAndLocalhost()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        using var untrusting = new HttpClient { BaseAddress = api.BaseAddress };
        using var trusting = api.CreateHttpClient();
        trusting.DefaultRequestVersion = HttpVersion.Version20;
        trusting.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/version", ct));
        using var byIp = await trusting.GetAsync("/version", ct);
        using var byName = await trusting.GetAsync(new Uri($"https://localhost:{api.BaseAddress.Port}/version"), ct);

        Assert.Equal("https", api.BaseAddress.Scheme);
        Assert.IsType<AuthenticationException>(refused.InnerException);
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (byIp.StatusCode, byIp.Version));
        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task Kubeconfig_CarriesTheCaAndTheToken_AndAServerUrlWithoutAPath()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var path = api.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"kube-double-{Guid.NewGuid():N}", "kubeconfig"));
        try
        {
            var file = await KubernetesClientConfiguration.LoadKubeConfigAsync(path);
            var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));

            var namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: ct);

            var cluster = Assert.Single(file.Clusters).ClusterEndpoint;
            Assert.Equal(api.BaseAddress.GetLeftPart(UriPartial.Authority), cluster.Server);
            Assert.Equal(api.CertificateAuthorityPem, Encoding.ASCII.GetString(Convert.FromBase64String(cluster.CertificateAuthorityData)));
            Assert.Equal(api.AdminToken, Assert.Single(file.Users).UserCredentials.Token);
            Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Theory(Timeout = 10_000)]
    [InlineData("/api", 401)]
    [InlineData("/apis", 401)]
    [InlineData("/api/v1", 401)]
    [InlineData("/openapi/v3", 401)]
    [InlineData("/api/v1/namespaces", 401)]
    [InlineData("/api/v1/namespaces/default/secrets/x", 401)]
    [InlineData("/version", 200)]
    [InlineData("/_sandbox/requests", 200)]
    public async Task Request_WithoutAToken_Answers401_ExceptWhatARealServerLeavesOpen(string path, int expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        using var http = api.CreateHttpClient();

        using var response = await http.GetAsync(path, ct);

        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Http2_OneConnection_CarriesHundredsOfOpenWatchesAndStillServesAList()
    {
        const int Watches = 300;
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        using var http = api.CreateHttpClient(); // one HTTP/2 connection: no EnableMultipleHttp2Connections
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        http.DefaultRequestHeaders.Authorization = new("Bearer", api.AdminToken);

        var watches = Enumerable.Range(0, Watches)
            .Select(_ => http.GetAsync("/api/v1/namespaces/ns/secrets?watch=true", HttpCompletionOption.ResponseHeadersRead, ct)).ToList();
        await PollAsync(() => api.Requests.Count("watch", "secrets") == Watches, ct);
        using var list = await http.GetAsync("/api/v1/namespaces/ns/secrets", ct);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        foreach (var response in await Task.WhenAll(watches))
        {
            Assert.Equal(HttpVersion.Version20, response.Version);
            response.Dispose();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task HundredsOfWatches_OnOneClient_DoNotQueueOtherRequests_AndAllGetTheirEvent()
    {
        const int Watches = 300;
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var received = 0;
        var watches = Enumerable.Range(0, Watches).Select(_ => Task.Run(async () =>
        {
            await foreach (var (type, secret) in client.CoreV1.WatchListNamespacedSecretAsync("ns", cancellationToken: stop.Token))
            {
                Interlocked.Increment(ref received);
                return;
            }
        }, stop.Token)).ToList();

        await PollAsync(() => api.Requests.Count("watch", "secrets") == Watches, ct);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("seen-by-all"), "ns", cancellationToken: ct);
        await Task.WhenAll(watches);

        Assert.Equal(Watches, received);
    }
}
