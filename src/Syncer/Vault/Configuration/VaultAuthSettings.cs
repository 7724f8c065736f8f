using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Syncer.Vault.Configuration;

/// <summary>How Syncer logs in. One method; the token it yields is shared by the whole process.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = Hosting.TrimSafety.OptionsAttributes)]
internal sealed class VaultAuthSettings
{
    /// <summary>Where <c>manifests/deployment.yaml</c> mounts the projected service-account token for Vault.</summary>
    public const string ProjectedJwtFile = "/var/run/secrets/syncer.io/vault/token";

    /// <summary><c>token</c> (default), <c>kubernetes</c> or <c>approle</c>.</summary>
    [Required]
    [RegularExpression("^(token|kubernetes|approle)$")]
    public string Method { get; set; } = VaultAuthMethods.Token;

    /// <summary>Auth mount; default <c>kubernetes</c> or <c>approle</c> by method.</summary>
    public string? Mount { get; set; }

    /// <summary>Token method: the token itself (<c>VAULT_TOKEN</c>). Prefer <see cref="TokenFile"/>.</summary>
    public string? Token { get; set; }

    /// <summary>Token method: a file holding the token, re-read at each login (e.g. written by Vault Agent).</summary>
    public string? TokenFile { get; set; }

    /// <summary>
    /// Set by <see cref="VaultEnvironment"/> (never bound from configuration: the setter is not public) when
    /// <see cref="Token"/> came from that environment variable, so each login reads the variable again.
    /// </summary>
    public string? TokenVariable { get; internal set; }

    /// <summary>Kubernetes method: the Vault role.</summary>
    public string? Role { get; set; }

    /// <summary>
    /// Kubernetes method: the service-account JWT file, re-read at each login because the kubelet rotates it. Default
    /// the projected token the install mounts for Vault alone (its own audience, short-lived), never the API-server
    /// token at <c>/var/run/secrets/kubernetes.io/serviceaccount/token</c> unless set to that path.
    /// </summary>
    public string JwtFile { get; set; } = ProjectedJwtFile;

    /// <summary>AppRole method: file holding the role_id.</summary>
    public string? RoleIdFile { get; set; }

    /// <summary>AppRole method: file holding the secret_id.</summary>
    public string? SecretIdFile { get; set; }

    /// <summary>Renewal increment asked of <c>renew-self</c>; none (Vault keeps the token's TTL) when unset.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan? RenewIncrement { get; set; }
}
