using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>
/// One RBAC PolicyRule against a request (plugin/pkg/auth/authorizer/rbac RuleAllows and rbac/v1 helpers): verbs,
/// apiGroups, resources ("*", "resource/subresource", "*/subresource"), resourceNames (any name when empty), and
/// nonResourceURLs (exact, "*", or a trailing "*" prefix).
/// </summary>
internal static class PolicyRules
{
    public static bool Allows(JsonNode rule, RequestAttributes request)
    {
        if (!Has(rule["verbs"], request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return Strings(rule["nonResourceURLs"]).Any(url => url == "*" || url == request.Path
                || (url.EndsWith('*') && request.Path.StartsWith(url.TrimEnd('*'), StringComparison.Ordinal)));
        }

        var names = Strings(rule["resourceNames"]).ToList();
        return Has(rule["apiGroups"], request.ApiGroup)
            && Strings(rule["resources"]).Any(r => r == "*" || r == request.CombinedResource
                || (request.Subresource.Length > 0 && r == "*/" + request.Subresource))
            && (names.Count == 0 || names.Contains(request.Name, StringComparer.Ordinal));
    }

    public static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n ?? "") : [];

    private static bool Has(JsonNode? values, string wanted) => Strings(values).Any(v => v == "*" || v == wanted);
}
