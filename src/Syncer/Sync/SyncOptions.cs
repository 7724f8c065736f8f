using System.ComponentModel.DataAnnotations;

namespace Syncer.Sync;

/// <summary>
/// Settings of the sync engine (configuration section <c>Syncer:Sync</c>). Validated at start by
/// <see cref="SyncOptionsValidator"/> (DataAnnotations, source-generated) and <see cref="SyncOptionsRefreshValidator"/>
/// (cross-field rules).
/// </summary>
internal sealed class SyncOptions
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

    /// <summary>Syncer's own namespace: where the HMAC key Secret lives. Default <c>syncer</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", ErrorMessage = "Namespace must be a DNS-1123 label.")]
    public string Namespace { get; set; } = "syncer";

    /// <summary>Name of the Secret (in <see cref="Namespace"/>) that holds the data-hash HMAC key. Default <c>syncer-hmac-key</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", ErrorMessage = "HmacKeySecretName must be a DNS-1123 subdomain.")]
    public string HmacKeySecretName { get; set; } = "syncer-hmac-key";

    /// <summary>Attempts to write a Secret when the API server answers 409 Conflict (each after a fresh GET). Default 5.</summary>
    [Range(1, 20)]
    public int MaxWriteAttempts { get; set; } = 5;

    /// <summary>
    /// Hint returned to the scheduler after a transient failure (Vault sealed or unreachable, Kubernetes error); the
    /// scheduler backs off from it. Failures that need a person (bad annotation, policy denial) return no hint and
    /// wait for the next refresh or an annotation change. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TransientFailureRetry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The field manager Syncer writes with. Default <c>syncer</c>.</summary>
    [Required]
    public string FieldManager { get; set; } = "syncer";
}
