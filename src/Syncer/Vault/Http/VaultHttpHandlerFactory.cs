using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Syncer.Vault.Configuration;

namespace Syncer.Vault.Http;

/// <summary>
/// The one <see cref="SocketsHttpHandler"/> of the client: TLS 1.2+, a CA bundle trusted as the only roots when set
/// (<c>X509ChainPolicy</c> with <c>CustomRootTrust</c>), an optional client certificate, the connect timeout, and at
/// most one redirect (the Go client follows one 307 to the active node; .NET never downgrades https to http).
/// </summary>
internal static class VaultHttpHandlerFactory
{
    public static SocketsHttpHandler Create(VaultClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 1,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions { EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
        };

        // VAULT_TLS_SERVER_NAME is not set here: the handler overwrites SslOptions.TargetHost with each request's host.
        // VaultTransport sends the name as the Host header instead, which the handler uses for SNI and the name check.

        if (!string.IsNullOrWhiteSpace(settings.CaCertPath))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(settings.CaCertPath);
            if (roots.Count == 0)
            {
                throw new InvalidOperationException($"The Vault CA bundle '{settings.CaCertPath}' holds no certificate.");
            }

            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        if (!string.IsNullOrWhiteSpace(settings.ClientCertificatePath) && !string.IsNullOrWhiteSpace(settings.ClientKeyPath))
        {
            var certificate = X509Certificate2.CreateFromPemFile(settings.ClientCertificatePath, settings.ClientKeyPath);
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return handler;
    }
}
