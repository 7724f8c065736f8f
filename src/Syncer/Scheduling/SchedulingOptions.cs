using System.ComponentModel.DataAnnotations;

namespace Syncer.Scheduling;

/// <summary>How Secrets are scheduled for sync. Section <c>Syncer:Scheduling</c>.</summary>
internal sealed class SchedulingOptions
{
    public const string SectionName = "Syncer:Scheduling";

    // DefaultRefresh and MinimumRefresh mirror the sync core's SyncOptions (same defaults); once both are merged the
    // scheduler should read SyncOptions and these two go.

    /// <summary>Refresh interval of a Secret without <c>syncer.io/refresh</c> or <c>syncer.io/schedule</c>. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "366.00:00:00")]
    public TimeSpan DefaultRefresh { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Shortest <c>syncer.io/refresh</c> honoured; a shorter one is a bad annotation and the default applies. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "366.00:00:00")]
    public TimeSpan MinimumRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Largest random delay added to a Secret's phase (never more than a tenth of its interval), so Secrets whose
    /// uids hash close together still do not fire in the same instant. Default 5 seconds; zero disables it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxJitter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Syncs running at once: the size of the Quartz thread pool. Default 16.</summary>
    [Range(1, 512)]
    public int MaxConcurrentSyncs { get; set; } = 16;

    /// <summary>Delay before the first retry of a failed sync; doubles per consecutive failure. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest delay between retries of a failing sync. Default 5 minutes. A retry is never later than the Secret's
    /// next periodic sync: once the backoff reaches the refresh interval the periodic trigger is the retry.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);
}
