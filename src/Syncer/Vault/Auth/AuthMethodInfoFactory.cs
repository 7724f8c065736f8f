using Syncer.Vault.Configuration;

namespace Syncer.Vault.Auth;

/// <summary>Builds the <see cref="IAuthMethodInfo"/> that <see cref="VaultAuthSettings"/> describes (validated at start).</summary>
internal static class AuthMethodInfoFactory
{
    public static IAuthMethodInfo Create(VaultAuthSettings auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        return auth.Method switch
        {
            VaultAuthMethods.Kubernetes => new KubernetesAuthMethodInfo(auth.Role!, auth.JwtFile, auth.Mount ?? VaultAuthMethods.Kubernetes),
            VaultAuthMethods.AppRole => new AppRoleAuthMethodInfo(auth.RoleIdFile!, auth.SecretIdFile!, auth.Mount ?? VaultAuthMethods.AppRole),
            _ => string.IsNullOrWhiteSpace(auth.TokenFile) ? TokenAuthMethodInfo.FromToken(auth.Token!) : TokenAuthMethodInfo.FromFile(auth.TokenFile),
        };
    }
}
