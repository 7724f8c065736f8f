using Microsoft.Extensions.Options;
using Syncer.Discovery;

namespace Syncer.Scheduling;

/// <summary>
/// When a failed sync is tried again: exponential backoff with equal jitter (half the delay fixed, half random, as in
/// AWS's "Exponential Backoff And Jitter"), bounded by the gap to the next periodic sync. Secrets that fail together (a
/// Vault outage) thus come back spread over the second half of each delay rather than in one wave, and never sooner
/// than half of it. Equal rather than full jitter: a retry never lands right after the failure.
/// </summary>
internal sealed class RetryBackoff(IOptions<SchedulingOptions> options, Random random)
{
    private readonly SchedulingOptions _options = options.Value;

    /// <summary>The delay before the next retry, or null when the periodic trigger comes first and is the retry.</summary>
    /// <param name="consecutiveFailures">1 after the first failure.</param>
    /// <param name="periodicGap">The Secret's refresh interval (or the gap of its cron schedule).</param>
    public TimeSpan? NextRetry(int consecutiveFailures, TimeSpan periodicGap)
    {
        var ceiling = ExponentialBackoff.Delay(consecutiveFailures, _options.RetryInitialDelay, _options.RetryMaxDelay);
        if (ceiling >= periodicGap)
        {
            return null;
        }

        var half = ceiling / 2;
        return half + TimeSpan.FromTicks(random.NextInt64(ceiling.Ticks - half.Ticks + 1));
    }
}
