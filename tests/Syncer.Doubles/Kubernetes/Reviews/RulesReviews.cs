using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Auth;

namespace Syncer.Doubles.Kubernetes.Reviews;

/// <summary>
/// SelfSubjectRulesReview (`kubectl auth can-i --list`): every rule the user holds in spec.namespace and cluster-wide,
/// from each authorizer of the union in turn (system:masters: everything; a token's AccessRules; RBAC), as
/// resourceRules and nonResourceRules. Errors resolving roles are in evaluationError with incomplete true.
/// </summary>
internal static class RulesReviews
{
    public static JsonObject Create(JsonObject body, UserInfo user, Authorizer authorizer)
    {
        var ns = (string?)body["spec"]?["namespace"] ?? "";
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        if (user.Groups.Contains(UserInfo.Masters, StringComparer.Ordinal))
        {
            resourceRules.Add(Rule(["*"], ["*"], ["*"], []));
            nonResourceRules.Add(new JsonObject { ["verbs"] = new JsonArray("*"), ["nonResourceURLs"] = new JsonArray("*") });
        }

        foreach (var rule in user.Rules ?? [])
        {
            if (rule.Namespaces is null || rule.Namespaces.Contains(ns))
            {
                resourceRules.Add(Rule(rule.Verbs, ["*"], rule.Resources, []));
            }
        }

        var errors = new List<string>();
        foreach (var (_, rule) in authorizer.Rbac.RulesFor(user, ns, errors))
        {
            if (rule["nonResourceURLs"] is JsonArray { Count: > 0 } urls)
            {
                nonResourceRules.Add(new JsonObject { ["verbs"] = rule["verbs"]?.DeepClone(), ["nonResourceURLs"] = urls.DeepClone() });
                continue;
            }

            resourceRules.Add(Rule(PolicyRules.Strings(rule["verbs"]), PolicyRules.Strings(rule["apiGroups"]),
                PolicyRules.Strings(rule["resources"]), PolicyRules.Strings(rule["resourceNames"])));
        }

        var status = new JsonObject
        {
            ["resourceRules"] = resourceRules,
            ["nonResourceRules"] = nonResourceRules,
            ["incomplete"] = errors.Count > 0,
        };
        if (errors.Count > 0)
        {
            status["evaluationError"] = string.Join(", ", errors);
        }

        return ReviewJson.Answer(ResourceCatalog.SelfSubjectRulesReviews, body, status);
    }

    private static JsonObject Rule(IEnumerable<string> verbs, IEnumerable<string> groups, IEnumerable<string> resources, IEnumerable<string> names)
    {
        var rule = new JsonObject { ["verbs"] = ReviewJson.Strings(verbs), ["apiGroups"] = ReviewJson.Strings(groups), ["resources"] = ReviewJson.Strings(resources) };
        if (names.Any())
        {
            rule["resourceNames"] = ReviewJson.Strings(names);
        }

        return rule;
    }
}
