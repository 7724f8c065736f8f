namespace Syncer.Vault.Configuration;

/// <summary>The values of <see cref="VaultAuthSettings.Method"/>; also the <c>method</c> label of the login metric.</summary>
internal static class VaultAuthMethods
{
    public const string Token = "token";
    public const string Kubernetes = "kubernetes";
    public const string AppRole = "approle";
}
