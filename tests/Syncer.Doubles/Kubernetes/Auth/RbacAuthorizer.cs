using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>
/// The RBAC authorizer (plugin/pkg/auth/authorizer/rbac, VisitRulesFor) over the stored objects: ClusterRoleBindings
/// first, then the RoleBindings of the request's namespace; a binding applies when a subject is the user (User), one
/// of its groups (Group) or its ServiceAccount (namespace defaulting to the binding's); its roleRef names a
/// ClusterRole, or (RoleBinding only) a Role of the binding's namespace. The first rule that allows wins; there are
/// no deny rules. A roleRef to a missing role is an error that the denial's reason carries, as upstream.
/// </summary>
internal sealed class RbacAuthorizer(ObjectStore store)
{
    public (bool Allowed, string Reason) Authorize(RequestAttributes request)
    {
        var errors = new List<string>();
        foreach (var (source, rule) in RulesFor(request.User, request.Namespace, errors))
        {
            if (PolicyRules.Allows(rule, request))
            {
                return (true, $"RBAC: allowed by {source}");
            }
        }

        return (false, errors.Count == 0 ? "" : "RBAC: " + (errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]"));
    }

    /// <summary>Every rule bound to <paramref name="user"/> cluster-wide and in <paramref name="ns"/>, with where it came from.</summary>
    public IEnumerable<(string Source, JsonNode Rule)> RulesFor(UserInfo user, string ns, List<string> errors)
    {
        foreach (var (_, binding) in store.List(ResourceCatalog.ClusterRoleBindings.StorageKey, null, null).Items)
        {
            foreach (var hit in Bound(binding, user, "", errors, "ClusterRoleBinding", (string)binding["metadata"]!["name"]!))
            {
                yield return hit;
            }
        }

        if (ns.Length == 0)
        {
            yield break;
        }

        foreach (var (_, binding) in store.List(ResourceCatalog.RoleBindings.StorageKey, ns, null).Items)
        {
            foreach (var hit in Bound(binding, user, ns, errors, "RoleBinding", $"{(string)binding["metadata"]!["name"]!}/{ns}"))
            {
                yield return hit;
            }
        }
    }

    private IEnumerable<(string Source, JsonNode Rule)> Bound(JsonObject binding, UserInfo user, string ns, List<string> errors, string bindingKind, string bindingName)
    {
        var subject = binding["subjects"]?.AsArray().FirstOrDefault(s => s is not null && AppliesTo(user, s, ns));
        if (subject is null)
        {
            return [];
        }

        var roleKind = (string?)binding["roleRef"]?["kind"] ?? "";
        var roleName = (string?)binding["roleRef"]?["name"] ?? "";
        var role = roleKind switch
        {
            "ClusterRole" => store.Get(ResourceCatalog.ClusterRoles.StorageKey, "", roleName),
            "Role" when ns.Length > 0 => store.Get(ResourceCatalog.Roles.StorageKey, ns, roleName),
            _ => null,
        };
        if (role is null)
        {
            errors.Add($"{roleKind.ToLowerInvariant()}.rbac.authorization.k8s.io \"{roleName}\" not found");
            return [];
        }

        var source = $"{bindingKind} \"{bindingName}\" of {roleKind} \"{roleName}\" to {Describe(subject, ns)}";
        return (role["rules"]?.AsArray() ?? []).Where(r => r is not null).Select(r => (source, r!));
    }

    /// <summary>rbac.go appliesToUser.</summary>
    private static bool AppliesTo(UserInfo user, JsonNode subject, string ns)
    {
        var name = (string?)subject["name"] ?? "";
        return (string?)subject["kind"] switch
        {
            "User" => user.Name == name,
            "Group" => user.Groups.Contains(name, StringComparer.Ordinal),
            "ServiceAccount" => ((string?)subject["namespace"] is { Length: > 0 } saNs ? saNs : ns) is { Length: > 0 } effective
                && user.Name == UserInfo.ServiceAccountName(effective, name),
            _ => false,
        };
    }

    private static string Describe(JsonNode subject, string ns)
    {
        var kind = (string?)subject["kind"];
        var name = (string?)subject["name"];
        return kind == "ServiceAccount"
            ? $"{kind} \"{name}/{((string?)subject["namespace"] is { Length: > 0 } saNs ? saNs : ns)}\""
            : $"{kind} \"{name}\"";
    }
}
