using System.ComponentModel.DataAnnotations;

namespace Syncer.Vault.Configuration;

/// <summary>Client-side token bucket (the Go client's <c>VAULT_RATE_LIMIT="rate:burst"</c>). Off by default.</summary>
internal sealed class VaultRateLimitSettings
{
    /// <summary>Requests per second on average; 0 turns the limiter off (the default).</summary>
    [Range(0, 100_000)]
    public double RequestsPerSecond { get; set; }

    /// <summary>Requests allowed at once after a quiet spell; 0 means <see cref="RequestsPerSecond"/> rounded up.</summary>
    [Range(0, 100_000)]
    public int Burst { get; set; }

    /// <summary>Requests that may wait for a token; more fail at once. Default 10,000.</summary>
    [Range(0, 1_000_000)]
    public int QueueLimit { get; set; } = 10_000;
}
