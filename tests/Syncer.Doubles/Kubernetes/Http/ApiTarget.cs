using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>A resource URL taken apart: /api/v1/namespaces/ns/secrets/name or /apis/apps/v1/namespaces/ns/deployments/web/status.</summary>
internal sealed record ApiTarget(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Null when the path is not a resource URL the double serves.</summary>
    public static ApiTarget? Parse(string path)
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
        if (tail.Length >= 3 && tail[0] == "namespaces" && ResourceCatalog.Find(group, version, tail[2]) is { Namespaced: true } namespaced)
        {
            return tail.Length > 5 ? null : new ApiTarget(namespaced, tail[1], tail.ElementAtOrDefault(3), tail.ElementAtOrDefault(4));
        }

        if (ResourceCatalog.Find(group, version, tail[0]) is not { } type || tail.Length > 3)
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
}
