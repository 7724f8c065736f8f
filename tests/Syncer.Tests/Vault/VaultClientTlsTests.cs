using Syncer.Tests.Vault.Support;
using Syncer.Vault;
using Syncer.Vault.Auth;
using Syncer.Vault.Configuration;

namespace Syncer.Tests.Vault;

/// <summary>
/// TLS against loopback HTTPS servers: the CA bundle (VAULT_CACERT), the optional client certificate, and the server
/// name (VAULT_TLS_SERVER_NAME) against the Vault double serving a certificate for a name other than 127.0.0.1.
/// </summary>
public sealed class VaultClientTlsTests : IDisposable
{
    private const string ClientSubject = "CN=syncer-client";
    private const string ServerName = "vault.syncer.test";
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

    [Fact(Timeout = 30_000)]
    public async Task Read_WithTheTlsServerNameSetting_AcceptsTheCertificateIssuedForThatName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct, tlsServerName: ServerName);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "over-tls" });
        var ca = _files.Write("vault-ca.pem", h.Vault.CaCertificatePem!);
        var client = h.CreateClient(s => (s.CaCertPath, s.TlsServerName) = (ca, ServerName));

        var secret = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.Equal(("https", "127.0.0.1"), (h.Vault.Address.Scheme, h.Vault.Address.Host)); // the address is not the name
        Assert.Equal("over-tls", secret.Data["k"].GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_WithTheVaultTlsServerNameVariable_AcceptsTheCertificateIssuedForThatName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct, tlsServerName: ServerName);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "over-tls" });
        var environment = new Dictionary<string, string>
        {
            ["VAULT_CACERT"] = _files.Write("vault-ca.pem", h.Vault.CaCertificatePem!),
            ["VAULT_TLS_SERVER_NAME"] = ServerName,
        };
        var client = h.CreateClient(s => VaultEnvironment.Apply(s, environment.GetValueOrDefault));

        var secret = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.Equal("over-tls", secret.Data["k"].GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_WithoutTheTlsServerName_RefusesTheCertificateBeforeSendingAnything()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct, tlsServerName: ServerName);
        var client = h.CreateClient(s => s.CaCertPath = _files.Write("vault-ca.pem", h.Vault.CaCertificatePem!));

        var e = await Assert.ThrowsAsync<VaultUnavailableException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));

        Assert.Contains("RemoteCertificateNameMismatch", e.Message, StringComparison.Ordinal); // the name, not the CA
        Assert.Equal(0, h.Vault.Requests.Total);
    }

    private sealed class SyncerMetricsHolder
    {
        public Syncer.Observability.SyncerMetrics Metrics { get; } = TestMetrics.Create();
    }
}
