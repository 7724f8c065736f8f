using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Syncer.Scheduling;

/// <summary>How Secrets are scheduled for sync. Section <c>Syncer:Scheduling</c>. Refresh intervals are the sync
/// options' (<c>Syncer:Sync:DefaultRefresh</c>, <c>MinimumRefresh</c>).</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = Hosting.TrimSafety.OptionsAttributes)]
internal sealed class SchedulingOptions
{
    public const string SectionName = "Syncer:Scheduling";

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
