using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Syncer.Vault.Configuration;

/// <summary>Retries after the Go client's <c>DefaultRetryPolicy</c> and <c>RateLimitLinearJitterBackoff</c>.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = Hosting.TrimSafety.OptionsAttributes)]
internal sealed class VaultRetrySettings
{
    /// <summary>Attempts per request, the first included. Default 3 (the Go client's MaxRetries 2).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Lower bound of the jittered wait before retry n (multiplied by n). Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MinWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the jittered wait before retry n (multiplied by n). Default 1.5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Longest <c>Retry-After</c> honoured; a longer one fails the request at once instead. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
}
