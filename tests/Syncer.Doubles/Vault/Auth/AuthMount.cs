namespace Syncer.Doubles.Vault.Auth;

/// <summary>
/// An auth method enabled at a path (sys/auth): its type, and for the kubernetes type its config and roles
/// (vault-plugin-auth-kubernetes path_config.go and path_role.go).
/// </summary>
internal sealed class AuthMount(string path, string type, string description)
{
    public string Path { get; } = path;

    public string Type { get; } = type;

    public string Description { get; } = description;

    public string Accessor { get; } = $"auth_{type}_{Guid.NewGuid().ToString("N")[..8]}";

    public string Uuid { get; } = Guid.NewGuid().ToString();

    public KubernetesAuthConfig? Config { get; set; }

    public Dictionary<string, KubernetesAuthRole> Roles { get; } = new(StringComparer.Ordinal);
}
