namespace Syncer.Doubles.Kubernetes;

/// <summary>
/// What a token may do. Verbs: get, list, watch, create, update, patch, delete, deletecollection, or "*".
/// Resources: plurals such as "secrets", "deployments", subresources as "deployments/status", or "*".
/// Namespaces: null means every namespace (and cluster-scoped resources).
/// </summary>
public sealed record AccessRule(IReadOnlyCollection<string> Verbs, IReadOnlyCollection<string> Resources, IReadOnlyCollection<string>? Namespaces = null)
{
    internal bool Allows(string verb, string resource, string? ns) =>
        (Verbs.Contains("*") || Verbs.Contains(verb))
        && (Resources.Contains("*") || Resources.Contains(resource))
        && (Namespaces is null || (ns is not null && Namespaces.Contains(ns)));
}
