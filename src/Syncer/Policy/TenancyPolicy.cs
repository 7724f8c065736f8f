using Microsoft.Extensions.Options;

namespace Syncer.Policy;

/// <summary>
/// Decides whether a namespace may read a Vault path (PRODUCT.md promise 7), before any Vault read. Default: only
/// <c>&lt;mount&gt;/&lt;namespace&gt;/...</c>, on every mount; the admin's rules add grants.
/// </summary>
internal sealed class TenancyPolicy
{
    private const int MaxPatternsInReason = 5;

    private readonly bool _allowOwnNamespace;
    private readonly VaultPathPattern _own = new(PolicyOptions.OwnNamespacePattern);
    private readonly (NamespacePattern[] Namespaces, VaultPathPattern[] Paths)[] _rules;

    public TenancyPolicy(IOptions<PolicyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowOwnNamespace = options.Value.AllowOwnNamespace;
        _rules = [.. options.Value.Rules.Select(r => (
            r.Namespaces.Select(n => new NamespacePattern(n)).ToArray(),
            r.Paths.Select(p => new VaultPathPattern(p)).ToArray()))];
    }

    public PolicyDecision Check(string @namespace, string fullVaultPath)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(fullVaultPath);

        if (_allowOwnNamespace && _own.Matches(@namespace, fullVaultPath))
        {
            return new PolicyDecision(true, $"'{fullVaultPath}' is under namespace '{@namespace}'");
        }

        var granted = new List<VaultPathPattern>();
        if (_allowOwnNamespace)
        {
            granted.Add(_own);
        }

        foreach (var (namespaces, paths) in _rules.Where(r => r.Namespaces.Any(n => n.Matches(@namespace))))
        {
            var match = paths.FirstOrDefault(p => p.Matches(@namespace, fullVaultPath));
            if (match is not null)
            {
                return new PolicyDecision(true, $"'{fullVaultPath}' is granted to namespace '{@namespace}' by pattern '{match}'");
            }

            granted.AddRange(paths);
        }

        var allowed = granted.Count == 0
            ? "no Vault path is granted to it"
            : "it may read " + string.Join(", ", granted.Take(MaxPatternsInReason).Select(p => p.ToString().Replace(VaultPathPattern.NamespacePlaceholder, @namespace, StringComparison.Ordinal)))
                + (granted.Count > MaxPatternsInReason ? ", ..." : "");
        return new PolicyDecision(false, $"namespace '{@namespace}' may not read '{fullVaultPath}'; {allowed}");
    }

    /// <summary>
    /// The same decision once Vault has said which mount serves the path. The built-in grant reads the first segment
    /// as the mount; a mount may be nested (<c>kv/prod</c>), and then <c>kv/prod/payments/db</c> is not under
    /// namespace <c>prod</c>. A path allowed only by the built-in grant must lie under
    /// <c>&lt;real mount&gt;/&lt;namespace&gt;/</c>; the admin's rules are full-path patterns and stand as they are.
    /// </summary>
    public PolicyDecision CheckResolved(string @namespace, string fullVaultPath, string mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        var decision = Check(@namespace, fullVaultPath);
        if (!decision.Allowed || GrantedByRule(@namespace, fullVaultPath))
        {
            return decision;
        }

        var path = fullVaultPath.Trim('/');
        var prefix = $"{mount.Trim('/')}/{@namespace}/";
        return path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length
            ? decision
            : new PolicyDecision(false, $"namespace '{@namespace}' may not read '{fullVaultPath}': it is on KV mount '{mount}', so it is not under '{prefix}'");
    }

    private bool GrantedByRule(string @namespace, string fullVaultPath) =>
        _rules.Any(r => r.Namespaces.Any(n => n.Matches(@namespace)) && r.Paths.Any(p => p.Matches(@namespace, fullVaultPath)));
}
