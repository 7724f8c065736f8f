using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>
/// apimachinery label selector: comma = AND of requirements <c>k=v, k==v, k!=v, k in (a,b), k notin (a,b), k, !k,
/// k&gt;n, k&lt;n</c>. <c>!=</c> and <c>notin</c> match objects without the key. Hand-written: no .NET package parses it.
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly List<Func<JsonObject?, bool>> _requirements;

    private LabelSelector(List<Func<JsonObject?, bool>> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Func<JsonObject?, bool>>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim()));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        return _requirements.All(r => r(labels));
    }

    private static Func<JsonObject?, bool> ParseRequirement(string text)
    {
        static string? Get(JsonObject? labels, string key) => labels?[key] is JsonNode v ? (string?)v : null;
        static bool Has(JsonObject? labels, string key) => labels?.ContainsKey(key) == true;

        if (SetRequirement().Match(text) is { Success: true } set)
        {
            var key = set.Groups["key"].Value;
            var values = set.Groups["values"].Value.Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
            return set.Groups["op"].Value == "in"
                ? l => Has(l, key) && values.Contains(Get(l, key) ?? "")
                : l => !Has(l, key) || !values.Contains(Get(l, key) ?? "");
        }

        if (Comparison().Match(text) is { Success: true } cmp)
        {
            var key = cmp.Groups["key"].Value.Trim();
            var value = cmp.Groups["value"].Value.Trim();
            return cmp.Groups["op"].Value switch
            {
                "!=" => l => !Has(l, key) || Get(l, key) != value,
                ">" => l => long.TryParse(Get(l, key), out var n) && long.TryParse(value, out var m) && n > m,
                "<" => l => long.TryParse(Get(l, key), out var n) && long.TryParse(value, out var m) && n < m,
                _ => l => Has(l, key) && Get(l, key) == value,
            };
        }

        if (Exists().Match(text) is { Success: true } exists)
        {
            var key = exists.Groups["key"].Value;
            return exists.Groups["not"].Success ? l => !Has(l, key) : l => Has(l, key);
        }

        throw KubeErrors.BadRequest($"unable to parse requirement: invalid label selector: \"{text}\"");
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9][-A-Za-z0-9_./]*)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetRequirement();

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9][-A-Za-z0-9_./]*)\s*(?<op>==|!=|=|>|<)\s*(?<value>[-A-Za-z0-9_.]*)$")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"^(?<not>!)?\s*(?<key>[A-Za-z0-9][-A-Za-z0-9_./]*)$")]
    private static partial Regex Exists();
}
