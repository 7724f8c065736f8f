using Syncer.Vault.Configuration;

namespace Syncer.Vault.Auth;

/// <summary>Builds the <see cref="IAuthMethodInfo"/> that <see cref="VaultAuthSettings"/> describes (validated at start).</summary>
internal static class AuthMethodInfoFactory
{
    /// <param name="environment">Where a token that came from a variable (<see cref="VaultAuthSettings.TokenVariable"/>) is read again.</param>
    public static IAuthMethodInfo Create(VaultAuthSettings auth, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(auth);
        return auth.Method switch
        {
            VaultAuthMethods.Kubernetes => new KubernetesAuthMethodInfo(auth.Role!, auth.JwtFile, auth.Mount ?? VaultAuthMethods.Kubernetes),
            VaultAuthMethods.AppRole => new AppRoleAuthMethodInfo(auth.RoleIdFile!, auth.SecretIdFile!, auth.Mount ?? VaultAuthMethods.AppRole),
            _ when !string.IsNullOrWhiteSpace(auth.TokenFile) => TokenAuthMethodInfo.FromFile(auth.TokenFile),
            _ when auth.TokenVariable is { } variable => TokenAuthMethodInfo.FromVariable(variable, environment ?? Environment.GetEnvironmentVariable),
            _ => TokenAuthMethodInfo.FromToken(auth.Token!),
        };
    }
}
