using Syncer.Vault.Configuration;

namespace Syncer.Vault.Auth;

/// <summary>A token given directly (<c>VAULT_TOKEN</c>) or in a file re-read at each login (VaultSharp <c>TokenAuthMethodInfo</c>).</summary>
internal sealed class TokenAuthMethodInfo : IAuthMethodInfo
{
    private readonly string? _token;
    private readonly string? _tokenFile;

    private TokenAuthMethodInfo(string? token, string? tokenFile)
    {
        _token = token;
        _tokenFile = tokenFile;
    }

    public string AuthMethodType => VaultAuthMethods.Token;

    public static TokenAuthMethodInfo FromToken(string vaultToken) =>
        new(string.IsNullOrWhiteSpace(vaultToken) ? throw new ArgumentException("The Vault token is empty.", nameof(vaultToken)) : vaultToken, null);

    public static TokenAuthMethodInfo FromFile(string tokenFile) => new(null, tokenFile);

    public async Task<VaultLoginRequest> CreateLoginRequestAsync(CancellationToken cancellationToken) =>
        VaultLoginRequest.ForToken(_tokenFile is null ? _token! : await CredentialFile.ReadAsync(_tokenFile, "token", cancellationToken));

    public override string ToString() => _tokenFile is null ? "token" : $"token from {_tokenFile}";
}
