using Microsoft.Extensions.Options;

namespace Syncer.Policy;

/// <summary>The syntax of the namespace and path patterns of <see cref="PolicyOptions.Rules"/>.</summary>
internal sealed class PolicyPatternValidator : IValidateOptions<PolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var r = 0; r < options.Rules.Count; r++)
        {
            var rule = options.Rules[r];
            for (var n = 0; n < rule.Namespaces.Count; n++)
            {
                var ns = rule.Namespaces[n] ?? "";
                if (ns.Length == 0 || !ns.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '*'))
                {
                    failures.Add($"{PolicyOptions.SectionName}:Rules:{r}:Namespaces:{n} \"{ns}\" is not a namespace name or a '*' pattern.");
                }
            }

            for (var p = 0; p < rule.Paths.Count; p++)
            {
                if (VaultPathPattern.Check(rule.Paths[p] ?? "") is { } problem)
                {
                    failures.Add($"{PolicyOptions.SectionName}:Rules:{r}:Paths:{p} \"{rule.Paths[p]}\" {problem}.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
