namespace Syncer.Doubles.Vault.Acl;

/// <summary>
/// Named ACL policies. Rules with the same path across a token's policies merge their capabilities; among different
/// matching paths the highest-priority one alone decides, and "deny" in it refuses everything. "root" allows all.
/// </summary>
internal sealed class PolicyStore
{
    private readonly Dictionary<string, PolicyRule[]> _policies = new(StringComparer.Ordinal);

    public void Put(string name, PolicyRule[] rules) => _policies[name] = rules;

    public bool Allows(IEnumerable<string> policies, string path, string capability)
    {
        var names = policies.ToList();
        if (names.Contains("root"))
        {
            return true;
        }

        var capabilities = Capabilities(names, path);
        return !capabilities.Contains("deny") && capabilities.Contains(capability);
    }

    /// <summary>True when some rule grants any capability on <paramref name="mountPath"/> or below it (sys/internal/ui/mounts).</summary>
    public bool HasAnyAccessUnder(IEnumerable<string> policies, string mountPath)
    {
        var names = policies.ToList();
        if (names.Contains("root"))
        {
            return true;
        }

        return Rules(names).Any(r =>
            !r.Capabilities.Contains("deny")
            && r.Capabilities.Length > 0
            && (r.Path.StartsWith(mountPath, StringComparison.Ordinal) || new AclPattern(r.Path).Matches(mountPath)));
    }

    private HashSet<string> Capabilities(List<string> policies, string path)
    {
        AclPattern? best = null;
        foreach (var rule in Rules(policies))
        {
            var pattern = new AclPattern(rule.Path);
            if (pattern.Matches(path) && (best is null || pattern.OutranksOrEquals(best)))
            {
                best = pattern;
            }
        }

        return best is null
            ? []
            : Rules(policies).Where(r => r.Path == best.Pattern).SelectMany(r => r.Capabilities).ToHashSet(StringComparer.Ordinal);
    }

    private IEnumerable<PolicyRule> Rules(List<string> policies) =>
        policies.SelectMany(p => _policies.TryGetValue(p, out var rules) ? rules : []);
}
