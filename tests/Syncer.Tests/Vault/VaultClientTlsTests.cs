using Syncer.Tests.Vault.Support;
using Syncer.Vault;
using Syncer.Vault.Auth;
using Syncer.Vault.Configuration;

namespace Syncer.Tests.Vault;

/// <summary>TLS against a loopback HTTPS server: the CA bundle (VAULT_CACERT) and the optional client certificate.</summary>
public sealed class VaultClientTlsTests : IDisposable
{
    private const string ClientSubject = "CN=syncer-client";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static VaultClient Client(VaultClientSettings settings, SyncerMetricsHolder metrics) =>
        new(settings, TokenAuthMethodInfo.FromToken("t"), metrics.Metrics,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<VaultClient>.Instance, TimeProvider.System);

    [Fact(Timeout = 30_000)]
    public async Task Read_WithTheCaBundle_TrustsTheServer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await TlsTestServer.StartAsync(false, ClientSubject, ct);
        await using var client = Client(new VaultClientSettings { Address = server.Address.ToString(), CaCertPath = _files.Write("ca.pem", server.CaPem) }, new());

        var secret = await client.ReadSecretAsync("app", cancellationToken: ct);

        Assert.Equal("over-tls", secret.Data!.Data!["k"].GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_WithoutTheCaBundle_FailsAsUnavailableWithoutRetrying()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await TlsTestServer.StartAsync(false, ClientSubject, ct);
        var metrics = new SyncerMetricsHolder();
        await using var client = Client(new VaultClientSettings { Address = server.Address.ToString() }, metrics);

        await Assert.ThrowsAsync<VaultUnavailableException>(() => client.ReadSecretAsync("app", cancellationToken: ct));

        Assert.Equal(0, metrics.Metrics.VaultRetriesTotal.WithLabels("transport").Value); // an untrusted certificate is final
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_WithAClientCertificate_PassesMutualTls()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await TlsTestServer.StartAsync(true, ClientSubject, ct);
        var (certificatePem, keyPem) = TlsTestServer.CreateClientCertificate(ClientSubject);
        await using var client = Client(new VaultClientSettings
        {
            Address = server.Address.ToString(),
            CaCertPath = _files.Write("ca.pem", server.CaPem),
            ClientCertificatePath = _files.Write("client.pem", certificatePem),
            ClientKeyPath = _files.Write("client-key.pem", keyPem),
        }, new());

        var secret = await client.ReadSecretAsync("app", cancellationToken: ct);

        Assert.Equal("over-tls", secret.Data!.Data!["k"].GetString());
    }

    private sealed class SyncerMetricsHolder
    {
        public Syncer.Observability.SyncerMetrics Metrics { get; } = TestMetrics.Create();
    }
}
