namespace Syncer.Doubles.Vault.Acl;

/// <summary>
/// Named ACL policies. Rules with the same path across a token's policies merge their capabilities; among different
/// matching paths the highest-priority one alone decides, and "deny" in it refuses everything. "root" allows all.
/// </summary>
internal sealed class PolicyStore
{
    private readonly Dictionary<string, PolicyRule[]> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public IEnumerable<string> Names => _policies.Keys;

    /// <summary>Stores a policy; <paramref name="text"/> is the document as written (HCL or JSON), if it came as one.</summary>
    public void Put(string name, PolicyRule[] rules, string? text = null)
    {
        _policies[name] = rules;
        _texts[name] = text ?? string.Join("\n\n", rules.Select(r => $"path \"{r.Path}\" {{\n  capabilities = [{string.Join(", ", r.Capabilities.Select(c => $"\"{c}\""))}]\n}}"));
    }

    public string? Text(string name) => _texts.GetValueOrDefault(name);

    public void Delete(string name)
    {
        _policies.Remove(name);
        _texts.Remove(name);
    }

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
            && new AclPattern(r.Path).CouldMatchUnder(mountPath));
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
