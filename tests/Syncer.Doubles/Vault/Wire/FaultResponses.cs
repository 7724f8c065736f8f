namespace Syncer.Doubles.Vault.Wire;

/// <summary>The body Vault sends for each status a fault can force (reference vault-api.md §0 and §3).</summary>
internal static class FaultResponses
{
    public static VaultResponse ForStatus(int status, string path, string? retryAfter)
    {
        var response = status switch
        {
            412 => VaultResponse.Errors(status, "required index state not present"),
            429 => VaultResponse.Errors(status, $"request path {GoQuote.Quote(path)}: rate limit quota exceeded"),
            500 => VaultResponse.Errors(status, "internal error"),
            501 => VaultResponse.Errors(status, "Vault is not initialized"),
            502 => VaultResponse.Errors(status, "upstream rate limited"),
            503 => VaultResponse.Errors(status, "Vault is sealed"),
            _ => VaultResponse.Errors(status),
        };
        if (retryAfter is not null)
        {
            response.Headers["Retry-After"] = retryAfter;
        }

        return response;
    }

    public static VaultResponse Redirect(Uri target, string pathAndQuery)
    {
        var response = VaultResponse.Errors(307);
        response.Headers["Location"] = new Uri(target, "/v1/" + pathAndQuery).ToString();
        return response;
    }
}
