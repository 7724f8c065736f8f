using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>
/// kube-apiserver's union of authorizers, in its order: members of <c>system:masters</c> may do anything (the
/// privileged-group authorizer); then a token's own <see cref="AccessRule"/>s (an authorizer of their own before
/// RBAC, as the Node authorizer is); then <see cref="RbacAuthorizer"/>. Denied: 403 with the real message.
/// </summary>
internal sealed class Authorizer(RbacAuthorizer rbac)
{
    private const int DenialsKept = 1000;
    private readonly ConcurrentQueue<string> _denials = new();

    public RbacAuthorizer Rbac => rbac;

    /// <summary>The messages of the last 403s answered (a test's evidence when a ServiceAccount lacks a right).</summary>
    public IReadOnlyList<string> Denials => [.. _denials];

    public (bool Allowed, string Reason) Decide(RequestAttributes request)
    {
        if (request.User.Groups.Contains(UserInfo.Masters, StringComparer.Ordinal))
        {
            return (true, "");
        }

        if (request.IsResourceRequest && request.User.Rules is { } rules
            && rules.Any(r => r.Allows(request.Verb, request.CombinedResource, request.Resource == "namespaces" || request.Namespace.Length == 0 ? null : request.Namespace)))
        {
            return (true, "");
        }

        return rbac.Authorize(request);
    }

    /// <summary>Throws 403 Forbidden unless allowed (responsewriters.Forbidden: message, then the authorizer's reason).</summary>
    public void Require(RequestAttributes request)
    {
        var (allowed, reason) = Decide(request);
        if (!allowed)
        {
            var forbidden = Forbidden(request, reason);
            _denials.Enqueue((string)forbidden.Status["message"]!);
            while (_denials.Count > DenialsKept && _denials.TryDequeue(out _))
            {
            }

            throw forbidden;
        }
    }

    public static KubeStatusException Forbidden(RequestAttributes request, string reason)
    {
        var message = request.ForbiddenMessage() + (reason.Length > 0 ? ": " + reason : "");
        var details = new JsonObject();
        if (request.Name.Length > 0)
        {
            details["name"] = request.Name;
        }

        if (request.ApiGroup.Length > 0)
        {
            details["group"] = request.ApiGroup;
        }

        if (request.Resource.Length > 0)
        {
            details["kind"] = request.Resource;
        }

        var qualified = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        var full = !request.IsResourceRequest || qualified.Length == 0 ? $"forbidden: {message}"
            : request.Name.Length == 0 ? $"{qualified} is forbidden: {message}"
            : $"{qualified} \"{request.Name}\" is forbidden: {message}";
        return new KubeStatusException(403, KubeErrors.Status(403, "Forbidden", full, details));
    }
}
