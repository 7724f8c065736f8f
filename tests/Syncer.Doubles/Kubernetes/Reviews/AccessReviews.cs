using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Auth;

namespace Syncer.Doubles.Kubernetes.Reviews;

/// <summary>
/// SelfSubjectAccessReview (`kubectl auth can-i`), SubjectAccessReview (spec.user/groups/uid, what a webhook or
/// Vault would ask) and LocalSubjectAccessReview (the same in the URL's namespace): the authorizer's verdict for
/// spec.resourceAttributes or spec.nonResourceAttributes, as status.allowed and the authorizer's reason.
/// </summary>
internal static class AccessReviews
{
    public static JsonObject Create(ResourceType type, JsonObject body, UserInfo requester, Authorizer authorizer, string? urlNamespace)
    {
        var spec = body["spec"] as JsonObject ?? [];
        var user = type == ResourceCatalog.SelfSubjectAccessReviews ? requester : Subject(type, spec);
        var resource = spec["resourceAttributes"] as JsonObject;
        var nonResource = spec["nonResourceAttributes"] as JsonObject;
        if ((resource is null) == (nonResource is null))
        {
            throw KubeErrors.Invalid(type, "", [FieldError.InvalidRaw("spec.resourceAttributes", "null", "exactly one of nonResourceAttributes or resourceAttributes must be specified")]);
        }

        if (urlNamespace is not null && (string?)resource?["namespace"] is var asked && asked != urlNamespace)
        {
            throw KubeErrors.Invalid(type, "", [FieldError.InvalidRaw("spec.resourceAttributes.namespace", asked ?? "", "must match metadata.namespace")]);
        }

        var attributes = resource is not null
            ? new RequestAttributes(user, Text(resource, "verb"), true, Text(resource, "group"), Text(resource, "resource"),
                Text(resource, "subresource"), Text(resource, "namespace"), Text(resource, "name"))
            : new RequestAttributes(user, Text(nonResource!, "verb"), false, Path: Text(nonResource!, "path"));
        var (allowed, reason) = authorizer.Decide(attributes);
        var status = new JsonObject { ["allowed"] = allowed };
        if (reason.Length > 0)
        {
            status["reason"] = reason;
        }

        return ReviewJson.Answer(type, body, status);
    }

    /// <summary>The user a (Local)SubjectAccessReview asks about: exactly the groups given, none added.</summary>
    private static UserInfo Subject(ResourceType type, JsonObject spec)
    {
        var name = (string?)spec["user"] ?? "";
        var groups = ReviewJson.Strings(spec["groups"]);
        if (name.Length == 0 && groups.Count == 0)
        {
            throw KubeErrors.Invalid(type, "", [FieldError.InvalidRaw("spec.user", "\"\"", "at least one of user or group must be specified")]);
        }

        return new UserInfo(name, (string?)spec["uid"] ?? "", groups);
    }

    private static string Text(JsonObject attributes, string key) => (string?)attributes[key] ?? "";
}
