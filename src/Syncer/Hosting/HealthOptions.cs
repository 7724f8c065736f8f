using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Syncer.Hosting;

/// <summary>What <c>/readyz</c> tolerates. Section <c>Syncer:Health</c>.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = TrimSafety.OptionsAttributes)]
internal sealed class HealthOptions
{
    public const string SectionName = "Syncer:Health";

    /// <summary>
    /// How long a list or watch may keep failing (retried with backoff meanwhile) before the replica reports not ready.
    /// Short blips (an API server rollout, a dropped connection) stay ready. Default 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan WatchFailureThreshold { get; set; } = TimeSpan.FromMinutes(2);
}
