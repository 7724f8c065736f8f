using Syncer.Vault.Configuration;

namespace Syncer.Vault.Auth;

/// <summary>
/// Kubernetes auth (VaultSharp <c>KubernetesAuthMethodInfo</c>): <c>POST auth/{mount}/login {"role","jwt"}</c>. The
/// service-account JWT is read from its file at every login: the kubelet rotates projected tokens.
/// </summary>
internal sealed class KubernetesAuthMethodInfo(string roleName, string jwtFile, string mountPoint = VaultAuthMethods.Kubernetes) : IAuthMethodInfo
{
    public string AuthMethodType => VaultAuthMethods.Kubernetes;

    public string RoleName { get; } = roleName;

    public string MountPoint { get; } = mountPoint;

    public async Task<VaultLoginRequest> CreateLoginRequestAsync(CancellationToken cancellationToken)
    {
        var jwt = await CredentialFile.ReadAsync(jwtFile, "service-account JWT", cancellationToken);
        return VaultLoginRequest.ForLogin($"auth/{MountPoint}/login", new Dictionary<string, string> { ["role"] = RoleName, ["jwt"] = jwt });
    }
}
