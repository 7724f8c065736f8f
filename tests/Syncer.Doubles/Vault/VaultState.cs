using Syncer.Doubles.Vault.Acl;
using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Mounts;

namespace Syncer.Doubles.Vault;

/// <summary>
/// Everything the double stores. One lock guards it all: handlers run under <see cref="Gate"/> and finish quickly,
/// which keeps the double simple and every response consistent.
/// </summary>
internal sealed class VaultState(TimeProvider time)
{
    public Lock Gate { get; } = new();

    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>The secrets mounts, starting with those of `vault server -dev` (see <see cref="MountTable.DevMode"/>).</summary>
    public MountTable Mounts { get; } = MountTable.DevMode();

    public TokenStore Tokens { get; } = new();

    public PolicyStore Policies { get; } = new();

    /// <summary>Kubernetes auth roles by (mount, role).</summary>
    public Dictionary<(string Mount, string Role), (string Jwt, TokenSpec Issued)> KubernetesRoles { get; } = [];

    /// <summary>Auth methods enabled through sys/auth (token/ is always there and is not listed here).</summary>
    public Dictionary<string, AuthMount> AuthMounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Set when the double plays a Vault running in a pod (its service-account token and CA), else null.</summary>
    public LocalServiceAccount? LocalServiceAccount { get; set; }

    public Dictionary<string, (string SecretId, TokenSpec Issued)> AppRoles { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SeenNamespaces { get; } = new(StringComparer.Ordinal);

    public bool Sealed { get; set; }

    public bool LegacyPermissionDenied { get; set; }

    public bool RequireRequestHeader { get; set; }

    public long SuccessfulLogins { get; set; }

    /// <summary>Credentials minted by reads of database/creds/&lt;role&gt; on any database mount.</summary>
    public long IssuedDatabaseCredentials { get; set; }
}
