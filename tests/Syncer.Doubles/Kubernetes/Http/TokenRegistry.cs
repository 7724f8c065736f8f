using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>Bearer-token authentication and RBAC-like authorisation (401 / 403 with the real messages).</summary>
internal sealed class TokenRegistry
{
    private readonly ConcurrentDictionary<string, (string User, AccessRule[]? Rules)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RequestCounter> _counters = new(StringComparer.Ordinal);
    private int _next;

    public void Add(string token, string user, AccessRule[]? rules) => _tokens[token] = (user, rules);

    /// <summary>Requests with this token are counted in <paramref name="counter"/> rather than the double's own.</summary>
    public void CountApart(string token, RequestCounter counter) => _counters[token] = counter;

    /// <summary>The counter for the request's token if it is counted apart, else <paramref name="shared"/>.</summary>
    public RequestCounter CounterFor(HttpRequest request, RequestCounter shared) =>
        _counters.IsEmpty || Bearer(request) is not { } token ? shared : _counters.GetValueOrDefault(token, shared);

    public void Add(string token, AccessRule[] rules) =>
        Add(token, $"user-{Interlocked.Increment(ref _next)}", rules);

    /// <summary>The user name behind the request's bearer token; 401 if there is none or it is unknown.</summary>
    public (string User, AccessRule[]? Rules) Authenticate(HttpRequest request)
    {
        if (Bearer(request) is { } token && _tokens.TryGetValue(token, out var entry))
        {
            return entry;
        }

        throw KubeErrors.Unauthorized();
    }

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        return header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : null;
    }

    /// <summary>Throws 403 unless a rule allows verb on the target (null rules = admin).</summary>
    public static void Authorize((string User, AccessRule[]? Rules) who, string verb, ApiTarget target)
    {
        var ns = target.Type.Namespaced ? target.Namespace : null;
        if (who.Rules is null || who.Rules.Any(r => r.Allows(verb, target.RbacResource, ns)))
        {
            return;
        }

        var subject = target.Name is null ? target.Type.QualifiedPlural : $"{target.Type.QualifiedPlural} \"{target.Name}\"";
        var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        throw KubeErrors.Forbidden(
            $"{subject} is forbidden: User \"{who.User}\" cannot {verb} resource \"{target.RbacResource}\" in API group \"{target.Type.Group}\" {scope}",
            target.Type, target.Name);
    }
}
