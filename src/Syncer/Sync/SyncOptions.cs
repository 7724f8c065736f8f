using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Syncer.Sync;

/// <summary>
/// Settings of the sync engine (configuration section <c>Syncer:Sync</c>, shared with the spec defaults of
/// <c>SpecOptions</c>). Validated at start by <see cref="SyncOptionsValidator"/> (DataAnnotations, source-generated).
/// </summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = Hosting.TrimSafety.OptionsAttributes)]
internal sealed class SyncOptions
{
    public const string SectionName = "Syncer:Sync";

    /// <summary>
    /// Syncer's own namespace: where the HMAC key Secret (and, with leader election, the Lease) lives. Unset (the
    /// default), it is <c>POD_NAMESPACE</c>, else the in-cluster service-account namespace, else <c>syncer-system</c>
    /// (see <see cref="OwnNamespace"/>), so the defaults work in a cluster, in the sandbox and on a laptop.
    /// </summary>
    [RegularExpression("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", ErrorMessage = "Namespace must be a DNS-1123 label.")]
    public string? Namespace { get; set; }

    /// <summary>Name of the Secret (in <see cref="Namespace"/>) that holds the data-hash HMAC key. Default <c>syncer-hmac-key</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", ErrorMessage = "HmacKeySecretName must be a DNS-1123 subdomain.")]
    public string HmacKeySecretName { get; set; } = "syncer-hmac-key";

    /// <summary>
    /// How often Syncer checks that the data-hash key Secret still exists (one GET by name); deleted, it is created again
    /// with the key Syncer holds, so no hash changes, and reported. Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan HmacKeyCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts to write a Secret when the API server answers 409 Conflict (each after a fresh GET). Default 5.</summary>
    [Range(1, 20)]
    public int MaxWriteAttempts { get; set; } = 5;
}
