namespace Syncer.Vault.Auth;

/// <summary>
/// One way to obtain a Vault token (VaultSharp <c>IAuthMethodInfo</c>). It only says what to send; the token manager
/// sends it, keeps the token and decides when to log in again.
/// </summary>
internal interface IAuthMethodInfo
{
    /// <summary>"token", "kubernetes" or "approle": a bounded metric label.</summary>
    string AuthMethodType { get; }

    /// <summary>Builds the next login, reading credential files afresh (they rotate).</summary>
    Task<VaultLoginRequest> CreateLoginRequestAsync(CancellationToken cancellationToken);
}
