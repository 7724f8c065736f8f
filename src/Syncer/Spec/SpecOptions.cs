using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Syncer.Spec;

/// <summary>
/// The defaults the parser resolves into every <see cref="SyncSpec"/>. Bound from <c>Syncer:Sync</c>, where users and
/// the kustomize overlays have always set these keys (<c>Syncer:Sync:DefaultRefresh</c>, ...); the sync engine's own
/// settings (<c>SyncOptions</c>) share the section. Validated at start by <see cref="SpecOptionsValidator"/> and
/// <see cref="SpecOptionsRules"/>.
/// </summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = Hosting.TrimSafety.OptionsAttributes)]
internal sealed class SpecOptions
{
    public const string SectionName = "Syncer:Sync";

    /// <summary>
    /// Refresh interval of a Secret without <c>syncer.io/refresh</c> or <c>syncer.io/schedule</c>. Default 1 hour:
    /// the common default of the peers (External Secrets), gentle on Vault; teams that need faster set the annotation.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "366.00:00:00")]
    public TimeSpan DefaultRefresh { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The shortest interval a Secret may ask for (and the densest cron schedule). Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "366.00:00:00")]
    public TimeSpan MinimumRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most distinct Vault paths one Secret may read (<c>syncer.io/path</c> and the paths in <c>syncer.io/keys</c>):
    /// past it the Secret is a spec error before any read, so one tenant cannot make each sync cost Vault hundreds of
    /// reads. Default 64.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxSources { get; set; } = 64;

    /// <summary><c>syncer.io/restart</c> of a Secret that does not set it: <c>auto</c> (the default) or <c>none</c>.</summary>
    [Required]
    [RegularExpression("^(auto|none)$", ErrorMessage = "DefaultRestart must be auto or none.")]
    public string DefaultRestart { get; set; } = "auto";
}
