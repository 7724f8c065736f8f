using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Auth;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>A resource URL taken apart: /api/v1/namespaces/ns/secrets/name or /apis/apps/v1/namespaces/ns/deployments/web/status.</summary>
internal sealed record ApiTarget(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Null when the path is not a resource URL the double serves.</summary>
    public static ApiTarget? Parse(string path, ApiResources resources)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string group, version;
        int rest;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, rest) = ("", parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, rest) = (parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }

        var tail = parts[rest..];
        // namespaces/{ns}/{plural}[/{name}[/{sub}]] unless {plural} is a subresource of the namespace itself.
        if (tail.Length >= 3 && tail[0] == "namespaces" && resources.Find(group, version, tail[2]) is { Namespaced: true } namespaced)
        {
            return tail.Length > 5 ? null : new ApiTarget(namespaced, tail[1], tail.ElementAtOrDefault(3), tail.ElementAtOrDefault(4));
        }

        if (resources.Find(group, version, tail[0]) is not { } type || tail.Length > 3)
        {
            return null;
        }

        // /api/v1/secrets (all namespaces) or a cluster-scoped resource.
        if (type.Namespaced && tail.Length > 1)
        {
            return null;
        }

        return new ApiTarget(type, null, tail.ElementAtOrDefault(1), tail.ElementAtOrDefault(2));
    }

    /// <summary>The Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection) for an HTTP method.</summary>
    public string Verb(string method, bool watch) => method switch
    {
        "GET" when watch => "watch",
        "GET" => Name is null ? "list" : "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => Name is null ? "deletecollection" : "delete",
        _ => method.ToLowerInvariant(),
    };

    /// <summary>"secrets" or "deployments/status", as RBAC names it.</summary>
    public string RbacResource => Subresource is null ? Type.Plural : $"{Type.Plural}/{Subresource}";

    /// <summary>
    /// The authorizer's view of this request (apiserver RequestInfoFactory): a namespace's own URL is in that
    /// namespace, and a list or watch with <c>fieldSelector=metadata.name=x</c> names x, so resourceNames can grant it.
    /// </summary>
    public RequestAttributes Attributes(UserInfo user, string verb, IQueryCollection query)
    {
        var name = Name ?? (verb is "list" or "watch" ? NameFromFieldSelector(query["fieldSelector"].ToString()) : null) ?? "";
        var ns = Type == ResourceCatalog.Namespaces && Name is not null ? Name : Namespace ?? "";
        return new RequestAttributes(user, verb, true, Type.Group, Type.Plural, Subresource ?? "", ns, name);
    }

    /// <summary>fields.Selector.RequiresExactMatch("metadata.name") over an AND of terms; a name that is no valid path segment does not count.</summary>
    private static string? NameFromFieldSelector(string selector)
    {
        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var op in new[] { "==", "=" })
            {
                if (term.StartsWith("metadata.name" + op, StringComparison.Ordinal) && !term.Contains("!=", StringComparison.Ordinal))
                {
                    var value = term[("metadata.name" + op).Length..];
                    return value is "." or ".." || value.Contains('/', StringComparison.Ordinal) || value.Contains('%', StringComparison.Ordinal) ? null : value;
                }
            }
        }

        return null;
    }
}
