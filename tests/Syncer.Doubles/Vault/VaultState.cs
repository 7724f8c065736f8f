using Syncer.Doubles.Vault.Acl;
using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Kv;

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

    public Dictionary<string, KvMount> Mounts { get; } = new(StringComparer.Ordinal);

    public TokenStore Tokens { get; } = new();

    public PolicyStore Policies { get; } = new();

    /// <summary>Kubernetes auth roles by (mount, role).</summary>
    public Dictionary<(string Mount, string Role), (string Jwt, TokenSpec Issued)> KubernetesRoles { get; } = [];

    public Dictionary<string, (string SecretId, TokenSpec Issued)> AppRoles { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SeenNamespaces { get; } = new(StringComparer.Ordinal);

    public bool Sealed { get; set; }

    public bool LegacyPermissionDenied { get; set; }

    public bool RequireRequestHeader { get; set; }

    public long SuccessfulLogins { get; set; }

    /// <summary>The KV mount a path falls under (longest mount path first), and the rest of the path.</summary>
    public (KvMount Mount, string Remainder)? FindMount(string path)
    {
        foreach (var mount in Mounts.Values.OrderByDescending(m => m.Path.Length))
        {
            if (path == mount.Path || path == mount.Path + "/")
            {
                return (mount, "");
            }

            if (path.StartsWith(mount.Path + "/", StringComparison.Ordinal))
            {
                return (mount, path[(mount.Path.Length + 1)..]);
            }
        }

        return null;
    }
}
