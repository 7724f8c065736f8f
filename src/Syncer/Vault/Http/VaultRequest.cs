namespace Syncer.Vault.Http;

/// <summary>
/// One logical Vault call. <paramref name="Operation"/> is a bounded metric label ("kv2_read", "login", ...);
/// <paramref name="Path"/> is after <c>/v1/</c>. <see cref="ToString"/> leaves out the token and the body.
/// </summary>
internal sealed record VaultRequest(string Operation, HttpMethod Method, string Path, string? Query = null, string? Token = null, object? Body = null)
{
    public override string ToString() => $"{Method} {Path}";
}
