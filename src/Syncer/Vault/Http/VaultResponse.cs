using System.Net.Http.Headers;

namespace Syncer.Vault.Http;

/// <summary>Vault's answer to one attempt, body read in full (Vault bodies are small).</summary>
internal sealed class VaultResponse(int statusCode, string body, RetryConditionHeaderValue? retryAfter)
{
    public int StatusCode { get; } = statusCode;

    public string Body { get; } = body;

    /// <summary>The <c>Retry-After</c> header as sent: seconds or an HTTP date.</summary>
    public RetryConditionHeaderValue? RetryAfter { get; } = retryAfter;

    /// <summary>200 and 204 (and any 2xx) are success; 204 may turn into 200 when Vault adds warnings.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public override string ToString() => $"HTTP {StatusCode}";
}
