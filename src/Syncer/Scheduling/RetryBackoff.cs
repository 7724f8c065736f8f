using Microsoft.Extensions.Options;
using Syncer.Discovery;

namespace Syncer.Scheduling;

/// <summary>When a failed sync is tried again: exponential backoff, bounded by the gap to the next periodic sync.</summary>
internal sealed class RetryBackoff(IOptions<SchedulingOptions> options)
{
    private readonly SchedulingOptions _options = options.Value;

    /// <summary>The delay before the next retry, or null when the periodic trigger comes first and is the retry.</summary>
    /// <param name="consecutiveFailures">1 after the first failure.</param>
    /// <param name="periodicGap">The Secret's refresh interval (or the gap of its cron schedule).</param>
    public TimeSpan? NextRetry(int consecutiveFailures, TimeSpan periodicGap)
    {
        var delay = ExponentialBackoff.Delay(consecutiveFailures, _options.RetryInitialDelay, _options.RetryMaxDelay);
        return delay < periodicGap ? delay : null;
    }
}
