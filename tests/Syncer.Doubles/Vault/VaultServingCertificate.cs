using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Syncer.Doubles.Vault;

/// <summary>
/// TLS for the Vault double (<see cref="VaultDoubleOptions.TlsServerName"/>): a throw-away CA and a serving certificate
/// whose only name is the one given (no IP address), as a Vault behind a load balancer or reached by IP has, so a
/// client must present that name (<c>VAULT_TLS_SERVER_NAME</c>) to accept it. ECDSA P-256; valid from a day ago on the
/// machine's clock (TLS checks validity against real time, not the double's TimeProvider).
/// </summary>
internal sealed class VaultServingCertificate : IDisposable
{
    private VaultServingCertificate(X509Certificate2 server, string authorityPem)
    {
        Server = server;
        AuthorityPem = authorityPem;
    }

    /// <summary>The serving certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The CA that signed it, PEM (what VAULT_CACERT points at).</summary>
    public string AuthorityPem { get; }

    public static VaultServingCertificate Issue(string serverName)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=vault-double-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={serverName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(serverName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial number
        using var issued = request.Create(ca, now.AddDays(-1), now.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives a certificate whose key SslStream can use on every platform.
        return new VaultServingCertificate(X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null), ca.ExportCertificatePem());
    }

    public void Dispose() => Server.Dispose();
}
