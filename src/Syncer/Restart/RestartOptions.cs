using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Syncer.Restart;

/// <summary>How Syncer rolls the workloads that consume a changed Secret. Section <c>Syncer:Restart</c>.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = Hosting.TrimSafety.OptionsAttributes)]
internal sealed class RestartOptions
{
    public const string SectionName = "Syncer:Restart";

    /// <summary>
    /// How long a workload waits after the first pending change it owes before it rolls, so changes to several of its
    /// Secrets within the window give one rollout. Default 5 seconds; zero rolls at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Debounce { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Rollouts Syncer started that may be in progress at once, cluster-wide; a workload over it waits for a slot
    /// (<c>RestartWaiting</c>). Stalled rollouts hold no slot. Default 10.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxRolloutsInProgress { get; set; } = 10;

    /// <summary>
    /// StatefulSets and DaemonSets have no progress deadline of their own: one Syncer rolled that is still rolling
    /// this long after its patch counts as stalled (reported once, holds no slot). Deployments use their own
    /// <c>progressDeadlineSeconds</c>. Default 10 minutes, the Deployment default.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ProgressDeadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Delay before retrying a refused rollout patch; doubles per failure of the same workload. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between retries of a refused rollout patch. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);
}
