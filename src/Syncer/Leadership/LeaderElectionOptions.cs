using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Syncer.Leadership;

/// <summary>
/// How replicas elect the one that writes (PRODUCT.md promise 8). Section <c>Syncer:LeaderElection</c>. The Lease lives
/// in Syncer's own namespace (<c>Syncer:Sync:Namespace</c>). Defaults are client-go's (15 s, 10 s, 2 s): a standby
/// takes over within about <see cref="LeaseDuration"/> of the leader's last renewal, and at once after a graceful stop.
/// </summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = Hosting.TrimSafety.OptionsAttributes)]
internal sealed class LeaderElectionOptions
{
    public const string SectionName = "Syncer:LeaderElection";

    /// <summary>The Lease's name. Default <c>syncer-leader</c>: the install's Role grants get and update on that name only.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", ErrorMessage = "LeaseName must be a DNS-1123 subdomain.")]
    public string LeaseName { get; set; } = "syncer-leader";

    /// <summary>
    /// How long a standby waits, from when it last saw the Lease renewed, before taking it over. Whole seconds (the
    /// Lease stores <c>leaseDurationSeconds</c>). Default 15 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading. Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time between two attempts to acquire or renew. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// This replica's name in the Lease (<c>holderIdentity</c>); unique per replica. Unset (the default), it is
    /// <c>POD_NAME</c>, else the host name and process id (see <see cref="LeaderIdentity"/>), so two replicas on one
    /// machine elect one leader too. Tests set it to run two hosts in one process.
    /// </summary>
    [MaxLength(253)]
    public string? Identity { get; set; }
}
