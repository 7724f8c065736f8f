using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Syncer.Doubles.Vault.Acl;

/// <summary>
/// Reads an ACL policy document as `vault policy write` sends it: HCL `path "p" { capabilities = [...] }` blocks
/// (comments with # or //), or the JSON form {"path": {"p": {"capabilities": [...]}}}. Written by hand: no .NET HCL
/// parser is available, and policies use only this corner of HCL. Other path keys (allowed_parameters, ...) are
/// not modelled and are refused, so a test never relies on them silently.
/// </summary>
internal static partial class HclPolicy
{
    /// <summary>The rules, or the reason the text is not a policy the double understands.</summary>
    public static (PolicyRule[]? Rules, string? Error) Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            return ParseJson(trimmed);
        }

        var body = Comment().Replace(text, "");
        var rules = new List<PolicyRule>();
        var at = 0;
        foreach (Match block in PathBlock().Matches(body))
        {
            if (body[at..block.Index].Trim().Length > 0)
            {
                return (null, $"failed to parse policy: unexpected text \"{body[at..block.Index].Trim()}\"");
            }

            var capabilities = Quoted().Matches(block.Groups["caps"].Value).Select(m => m.Groups[1].Value).ToArray();
            rules.Add(new PolicyRule(block.Groups["path"].Value, capabilities));
            at = block.Index + block.Length;
        }

        return body[at..].Trim().Length > 0
            ? (null, $"failed to parse policy: unexpected text \"{body[at..].Trim()}\"")
            : (rules.ToArray(), null);
    }

    private static (PolicyRule[]? Rules, string? Error) ParseJson(string text)
    {
        try
        {
            var paths = JsonNode.Parse(text)?["path"] as JsonObject ?? [];
            return ([.. paths.Select(kv => new PolicyRule(kv.Key,
                [.. kv.Value?["capabilities"]?.AsArray().Select(c => (string)c!) ?? []]))], null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, $"failed to parse policy: {e.Message}");
        }
    }

    [GeneratedRegex(@"(#|//)[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"path\s+""(?<path>[^""]*)""\s*\{\s*capabilities\s*=\s*\[(?<caps>[^\]]*)\]\s*\}")]
    private static partial Regex PathBlock();

    [GeneratedRegex(@"""([^""]*)""")]
    private static partial Regex Quoted();
}
