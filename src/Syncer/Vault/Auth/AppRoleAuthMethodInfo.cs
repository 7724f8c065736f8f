using Syncer.Vault.Configuration;

namespace Syncer.Vault.Auth;

/// <summary>
/// AppRole auth (VaultSharp <c>AppRoleAuthMethodInfo</c>): <c>POST auth/{mount}/login {"role_id","secret_id"}</c>, both
/// read from files at every login so a rotated secret_id is picked up.
/// </summary>
internal sealed class AppRoleAuthMethodInfo(string roleIdFile, string secretIdFile, string mountPoint = VaultAuthMethods.AppRole) : IAuthMethodInfo
{
    public string AuthMethodType => VaultAuthMethods.AppRole;

    public string MountPoint { get; } = mountPoint;

    public async Task<VaultLoginRequest> CreateLoginRequestAsync(CancellationToken cancellationToken)
    {
        var roleId = await CredentialFile.ReadAsync(roleIdFile, "AppRole role_id", cancellationToken);
        var secretId = await CredentialFile.ReadAsync(secretIdFile, "AppRole secret_id", cancellationToken);
        return VaultLoginRequest.ForLogin($"auth/{MountPoint}/login", new Dictionary<string, string> { ["role_id"] = roleId, ["secret_id"] = secretId });
    }
}
