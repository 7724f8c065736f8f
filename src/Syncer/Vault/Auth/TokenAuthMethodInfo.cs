using Syncer.Vault.Configuration;

namespace Syncer.Vault.Auth;

/// <summary>
/// A token from a source read afresh at each login (VaultSharp <c>TokenAuthMethodInfo</c>): a file (written by Vault
/// Agent, say), an environment variable (<c>VAULT_TOKEN</c>), or the configured value. A login after a 403 is a new
/// read of the source; when it still holds the rejected token, the token manager fails at once instead of looking the
/// same token up again. <see cref="ToString"/> names the source, never the token.
/// </summary>
internal sealed class TokenAuthMethodInfo : IAuthMethodInfo
{
    private readonly Func<CancellationToken, ValueTask<string>> _read;
    private readonly string _source;

    private TokenAuthMethodInfo(Func<CancellationToken, ValueTask<string>> read, string source)
    {
        _read = read;
        _source = source;
    }

    public string AuthMethodType => VaultAuthMethods.Token;

    /// <summary>A fixed token (<c>Vault:Auth:Token</c>): a rejected one stays rejected until Syncer restarts.</summary>
    public static TokenAuthMethodInfo FromToken(string vaultToken)
    {
        var token = string.IsNullOrWhiteSpace(vaultToken) ? throw new ArgumentException("The Vault token is empty.", nameof(vaultToken)) : vaultToken;
        return new(_ => ValueTask.FromResult(token), "the configured token");
    }

    public static TokenAuthMethodInfo FromFile(string tokenFile) =>
        new(async ct => await CredentialFile.ReadAsync(tokenFile, "token", ct), $"the token file '{tokenFile}'");

    /// <summary>The variable is read at each login through <paramref name="environment"/> (the process's own, in production).</summary>
    public static TokenAuthMethodInfo FromVariable(string variable, Func<string, string?> environment) =>
        new(_ => environment(variable) is { Length: > 0 } value
                ? ValueTask.FromResult(value.Trim())
                : throw new InvalidOperationException($"The environment variable {variable} holds no Vault token."),
            $"the environment variable {variable}");

    public async Task<VaultLoginRequest> CreateLoginRequestAsync(CancellationToken cancellationToken) =>
        VaultLoginRequest.ForToken(await _read(cancellationToken));

    public override string ToString() => _source;
}
