using Microsoft.Extensions.Options;

namespace Syncer.Policy;

/// <summary>
/// The admin's tenancy policy (configuration section <c>Syncer:Policy</c>): which Vault paths each namespace may
/// read. Validated at start by <see cref="PolicyOptionsValidator"/> and <see cref="PolicyPatternValidator"/>.
/// </summary>
internal sealed class PolicyOptions
{
    public const string SectionName = "Syncer:Policy";

    /// <summary>The built-in grant: every namespace may read <c>&lt;mount&gt;/&lt;namespace&gt;/...</c> on every mount.</summary>
    public const string OwnNamespacePattern = "+/{namespace}/*";

    /// <summary>
    /// When true (the default), every namespace may read <see cref="OwnNamespacePattern"/> in addition to what
    /// <see cref="Rules"/> grant. Set false to grant nothing beyond the rules.
    /// </summary>
    public bool AllowOwnNamespace { get; set; } = true;

    /// <summary>Extra grants; a namespace gets the union of the paths of every rule that names it. Default none.</summary>
    [ValidateEnumeratedItems]
    public List<TenancyRule> Rules { get; set; } = [];
}
