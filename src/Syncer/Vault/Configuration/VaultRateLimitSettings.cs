using System.ComponentModel.DataAnnotations;

namespace Syncer.Vault.Configuration;

/// <summary>
/// Client-side token bucket (the Go client's <c>VAULT_RATE_LIMIT="rate:burst"</c>), on by default: 50 requests per
/// second with bursts of 100. One Syncer per cluster needs about one read per distinct path per refresh interval
/// (1,000 paths on a 1 h refresh: under 1 request/s), so the limit only bites on storms (a cold start, a wave of
/// force-syncs, retries during an incident), and then it spreads them: 180,000 requests an hour at most, a few
/// percent of what one Vault node serves, so one Syncer cannot crowd out the other clients of a shared Vault. A
/// request over the limit waits for its turn (counted by <c>syncer_vault_rate_limited_total</c>); none fails for it.
/// </summary>
internal sealed class VaultRateLimitSettings
{
    public const double DefaultRequestsPerSecond = 50;
    public const int DefaultBurst = 100;

    /// <summary>Requests per second on average; 0 turns the limiter off. Unset: <c>VAULT_RATE_LIMIT</c>, else 50.</summary>
    [Range(0, 100_000)]
    public double? RequestsPerSecond { get; set; }

    /// <summary>Requests allowed at once after a quiet spell. Unset: from <c>VAULT_RATE_LIMIT</c>, else 100 (with a rate of its own: the rate rounded up).</summary>
    [Range(1, 100_000)]
    public int? Burst { get; set; }

    /// <summary>The rate in effect (0: off).</summary>
    public double EffectiveRequestsPerSecond => RequestsPerSecond ?? DefaultRequestsPerSecond;

    /// <summary>The burst in effect: as set, else 100 at the default rate, else the rate rounded up.</summary>
    public int EffectiveBurst => Burst ?? (RequestsPerSecond is { } rate ? Math.Max(1, (int)Math.Ceiling(rate)) : DefaultBurst);
}
