using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Syncer.Vault.Configuration;

/// <summary>
/// Where and how Syncer talks to Vault (VaultSharp <c>VaultClientSettings</c>), bound from the <c>Vault</c> section.
/// <c>VAULT_ADDR</c>, <c>VAULT_NAMESPACE</c>, <c>VAULT_CACERT</c> and <c>VAULT_TOKEN</c> fill what the section leaves unset.
/// </summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = Hosting.TrimSafety.OptionsAttributes)]
internal sealed class VaultClientSettings
{
    /// <summary>Vault's base address, e.g. <c>https://vault.vault:8200</c> (<c>VAULT_ADDR</c>). Required.</summary>
    [Required]
    public string? Address { get; set; }

    /// <summary>Enterprise namespace sent as <c>X-Vault-Namespace</c> (<c>VAULT_NAMESPACE</c>); none by default.</summary>
    public string? Namespace { get; set; }

    /// <summary>Time allowed for one HTTP attempt, headers and body. Default 60 s, as the Go client.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed to open a connection (TCP and TLS). Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>PEM file with the CA certificates that sign Vault's certificate (<c>VAULT_CACERT</c>); system roots when unset.</summary>
    public string? CaCertPath { get; set; }

    /// <summary>PEM client certificate for mutual TLS; needs <see cref="ClientKeyPath"/>.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertificatePath"/>.</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>Server name to expect in Vault's certificate when it differs from the address host (<c>VAULT_TLS_SERVER_NAME</c>).</summary>
    public string? TlsServerName { get; set; }

    /// <summary>KV version per mount ("secret" = 2); a listed mount skips the <c>sys/internal/ui/mounts</c> detection.</summary>
    public Dictionary<string, int> KvVersions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How long a successful read of one (mount, path, version) answers identical reads without a new request, so one
    /// sync wave reads each path once. Default 2 s; zero shares only concurrent reads.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan SingleFlightWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a missing path or mount is remembered: a 404 read (never written, deleted, no route) or a 403 mount
    /// lookup answers again from memory, so junk paths and Secret retries cost one request per path per this
    /// duration. A fresh read (force-sync) asks Vault at once. Outages (5xx, sealed) are never remembered. Default
    /// 30 s; zero remembers nothing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan NegativeCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    [ValidateObjectMembers]
    public VaultRetrySettings Retry { get; set; } = new();

    [ValidateObjectMembers]
    public VaultRateLimitSettings RateLimit { get; set; } = new();

    [ValidateObjectMembers]
    public VaultAuthSettings Auth { get; set; } = new();
}
