namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>
/// What the authorizer is asked (k8s.io/apiserver authorizer.Attributes): a resource request (verb, group, resource,
/// subresource, namespace, name) or a non-resource one (verb, path).
/// </summary>
internal sealed record RequestAttributes(
    UserInfo User,
    string Verb,
    bool IsResourceRequest,
    string ApiGroup = "",
    string Resource = "",
    string Subresource = "",
    string Namespace = "",
    string Name = "",
    string Path = "")
{
    public string CombinedResource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";

    /// <summary>responsewriters.forbiddenMessage.</summary>
    public string ForbiddenMessage()
    {
        if (!IsResourceRequest)
        {
            return $"User \"{User.Name}\" cannot {Verb} path \"{Path}\"";
        }

        return Namespace.Length > 0
            ? $"User \"{User.Name}\" cannot {Verb} resource \"{CombinedResource}\" in API group \"{ApiGroup}\" in the namespace \"{Namespace}\""
            : $"User \"{User.Name}\" cannot {Verb} resource \"{CombinedResource}\" in API group \"{ApiGroup}\" at the cluster scope";
    }
}
