namespace Syncer.Vault.Auth;

/// <summary>
/// Either a ready token (token method: the manager only looks it up to learn its TTL) or an unauthenticated
/// <c>POST /v1/{LoginPath}</c> with <see cref="Body"/>. <see cref="ToString"/> never shows the credentials.
/// </summary>
internal sealed class VaultLoginRequest
{
    private VaultLoginRequest(string? token, string? loginPath, IReadOnlyDictionary<string, string>? body)
    {
        Token = token;
        LoginPath = loginPath;
        Body = body;
    }

    public string? Token { get; }

    public string? LoginPath { get; }

    public IReadOnlyDictionary<string, string>? Body { get; }

    public static VaultLoginRequest ForToken(string token) => new(token, null, null);

    public static VaultLoginRequest ForLogin(string loginPath, IReadOnlyDictionary<string, string> body) => new(null, loginPath, body);

    public override string ToString() => LoginPath is null ? "token login" : $"login at {LoginPath}";
}
