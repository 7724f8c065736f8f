using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Syncer.Policy;

/// <summary>
/// One admin rule: Secrets in <see cref="Namespaces"/> may read the Vault paths matching <see cref="Paths"/>.
/// </summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = Hosting.TrimSafety.OptionsAttributes)]
internal sealed class TenancyRule
{
    /// <summary>Namespace names, exact (<c>shop</c>) or with <c>*</c> wildcards (<c>team-*</c>, <c>*</c>).</summary>
    [Required]
    [MinLength(1)]
    public List<string> Namespaces { get; set; } = [];

    /// <summary>
    /// Vault path patterns in Vault ACL style, over the path as <c>vault kv get</c> takes it: <c>+</c> is exactly one
    /// segment, a trailing <c>*</c> matches any rest, <c>{namespace}</c> is the Secret's namespace
    /// (<c>secret/shared/*</c>, <c>+/{namespace}/*</c>, <c>kv/teams/{namespace}/+/db</c>).
    /// </summary>
    [Required]
    [MinLength(1)]
    public List<string> Paths { get; set; } = [];
}
