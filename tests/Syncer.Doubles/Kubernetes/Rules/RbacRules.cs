using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>
/// Role, ClusterRole, RoleBinding and ClusterRoleBinding as pkg/apis/rbac/validation checks them (rules need verbs,
/// and apiGroups with resources or, in a ClusterRole, nonResourceURLs; a roleRef of a known kind, never changed; a
/// ServiceAccount subject of a ClusterRoleBinding names its namespace) and defaults them (a User or Group subject's
/// apiGroup). Escalation checks (a user may only grant what it holds) are not modelled.
/// </summary>
internal static class RbacRules
{
    public static void Default(JsonObject obj)
    {
        foreach (var subject in obj["subjects"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if ((string?)subject["kind"] is "User" or "Group")
            {
                subject["apiGroup"] ??= ResourceCatalog.Rbac;
            }
        }
    }

    public static IEnumerable<FieldError> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        return type == ResourceCatalog.Roles || type == ResourceCatalog.ClusterRoles
            ? ValidateRules(obj, namespaced: type == ResourceCatalog.Roles)
            : ValidateBinding(obj, old, namespaced: type == ResourceCatalog.RoleBindings);
    }

    private static IEnumerable<FieldError> ValidateRules(JsonObject role, bool namespaced)
    {
        var rules = role["rules"]?.AsArray() ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var at = $"rules[{i}]";
            if (rule?["verbs"] is not JsonArray { Count: > 0 })
            {
                yield return FieldError.Required($"{at}.verbs", "verbs must contain at least one value");
            }

            var urls = rule?["nonResourceURLs"] is JsonArray { Count: > 0 };
            if (urls && namespaced)
            {
                yield return FieldError.InvalidRaw($"{at}.nonResourceURLs", rule!["nonResourceURLs"]!.ToJsonString(), "namespaced rules cannot apply to non-resource URLs");
            }

            if (!urls && rule?["apiGroups"] is not JsonArray { Count: > 0 })
            {
                yield return FieldError.Required($"{at}.apiGroups", "resource rules must supply at least one api group");
            }

            if (!urls && rule?["resources"] is not JsonArray { Count: > 0 })
            {
                yield return FieldError.Required($"{at}.resources", "resource rules must supply at least one resource");
            }
        }
    }

    private static IEnumerable<FieldError> ValidateBinding(JsonObject binding, JsonObject? old, bool namespaced)
    {
        var roleRef = binding["roleRef"];
        var kind = (string?)roleRef?["kind"] ?? "";
        if ((string?)roleRef?["apiGroup"] != ResourceCatalog.Rbac)
        {
            yield return new FieldError("FieldValueNotSupported", "roleRef.apiGroup", $"Unsupported value: \"{(string?)roleRef?["apiGroup"]}\": supported values: \"{ResourceCatalog.Rbac}\"");
        }

        if (kind != "ClusterRole" && (!namespaced || kind != "Role"))
        {
            yield return new FieldError("FieldValueNotSupported", "roleRef.kind", $"Unsupported value: \"{kind}\": supported values: {(namespaced ? "\"Role\", \"ClusterRole\"" : "\"ClusterRole\"")}");
        }

        if (((string?)roleRef?["name"] ?? "").Length == 0)
        {
            yield return FieldError.Required("roleRef.name");
        }

        if (old is not null && !JsonNode.DeepEquals(old["roleRef"], roleRef))
        {
            yield return FieldError.InvalidRaw("roleRef", roleRef?.ToJsonString() ?? "null", "cannot change roleRef");
        }

        var subjects = binding["subjects"]?.AsArray() ?? [];
        for (var i = 0; i < subjects.Count; i++)
        {
            var subject = subjects[i];
            switch ((string?)subject?["kind"])
            {
                case "ServiceAccount" when !namespaced && ((string?)subject!["namespace"] ?? "").Length == 0:
                    yield return FieldError.Required($"subjects[{i}].namespace");
                    break;
                case "ServiceAccount" or "User" or "Group":
                    break;
                case var other:
                    yield return new FieldError("FieldValueNotSupported", $"subjects[{i}].kind", $"Unsupported value: \"{other}\": supported values: \"ServiceAccount\", \"User\", \"Group\"");
                    break;
            }
        }
    }
}
