using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests.Vault;

/// <summary>VaultDoubleOptions.TlsServerName: https with a certificate for that name only, signed by the double's own CA.</summary>
public sealed class VaultTlsTests
{
    private const string Name = "vault.double.test";

    [Fact(Timeout = 10_000)]
    public async Task TlsServerName_ServesHttps_WithACertificateForThatNameOnly_FromItsOwnCa()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var vault = await VaultDouble.StartAsync(new VaultDoubleOptions { TlsServerName = Name }, ct);
        var ca = X509Certificate2.CreateFromPem(vault.CaCertificatePem);
        X509Certificate2? served = null;
        var errors = new List<SslPolicyErrors>();
        bool Check(string host, X509Certificate? certificate, X509Chain? chain)
        {
            chain!.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            served = new X509Certificate2(certificate!);
            var trusted = chain.Build(served);
            errors.Add(trusted && served.MatchesHostname(host) ? SslPolicyErrors.None : SslPolicyErrors.RemoteCertificateNameMismatch);
            return true;
        }

        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, chain, _) => Check(Name, c, chain) },
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(vault.Address, "/v1/sys/health"));
        request.Headers.Host = $"{Name}:{vault.Address.Port}"; // SNI and the name checked
        using var health = await http.SendAsync(request, ct);

        Assert.Equal("https", vault.Address.Scheme);
        Assert.Equal(200, (int)health.StatusCode);
        Assert.Equal([SslPolicyErrors.None], errors);
        Assert.False(served!.MatchesHostname("127.0.0.1"));
        Assert.Equal(1, vault.Requests.Total);
    }
}
