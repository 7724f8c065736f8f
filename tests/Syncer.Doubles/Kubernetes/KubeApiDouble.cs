using k8s;

namespace Syncer.Doubles.Kubernetes;

// CONTRACT STUB (skeleton commit): the public surface other work codes against. The Kubernetes-double work
// replaces the bodies; it may add members but must not rename or remove these.

/// <summary>A faithful double of the Kubernetes API server, served by Kestrel on loopback (http).</summary>
public sealed class KubeApiDouble : IAsyncDisposable
{
    /// <summary>Starts the double on 127.0.0.1 and a free port.</summary>
    public static Task<KubeApiDouble> StartAsync(KubeApiDoubleOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public Uri BaseAddress => throw new NotImplementedException();

    /// <summary>A bearer token allowed every verb on every resource.</summary>
    public string AdminToken => throw new NotImplementedException();

    /// <summary>Counts by (Kubernetes verb, resource plural), e.g. ("patch", "secrets").</summary>
    public RequestCounter Requests => throw new NotImplementedException();

    /// <summary>Fault injection: latency, error rates per verb and resource, forced conflicts, dropped watches.</summary>
    public KubeFaults Faults => throw new NotImplementedException();

    /// <summary>The store's current (cluster-wide) resourceVersion.</summary>
    public long ResourceVersion => throw new NotImplementedException();

    /// <summary>Registers a bearer token limited to the given rules (a denied call answers 403 Forbidden as RBAC does).</summary>
    public void AddToken(string token, params AccessRule[] rules) => throw new NotImplementedException();

    /// <summary>A client configuration for the real KubernetesClient (admin token unless another is given).</summary>
    public KubernetesClientConfiguration CreateClientConfiguration(string? token = null) => throw new NotImplementedException();

    /// <summary>Writes a kubeconfig usable by kubectl and by KubernetesClient; returns the path.</summary>
    public string WriteKubeconfig(string path, string? token = null) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}

/// <summary>
/// What a token may do. Verbs: get, list, watch, create, update, patch, delete, or "*". Resources: plurals such
/// as "secrets", "deployments", or "*". Namespaces: null means every namespace (and cluster-scoped resources).
/// </summary>
public sealed record AccessRule(IReadOnlyCollection<string> Verbs, IReadOnlyCollection<string> Resources, IReadOnlyCollection<string>? Namespaces = null);

public sealed class KubeApiDoubleOptions
{
    /// <summary>Clock for creationTimestamp and event times; tests may pass a FakeTimeProvider.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many resourceVersions of history a watch may start from before it gets 410 Expired.</summary>
    public int WatchHistory { get; init; } = 10_000;

    /// <summary>Server-side close of a watch that gives no timeoutSeconds.</summary>
    public TimeSpan DefaultWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Namespaces that exist at start ("default", "kube-system" and "kube-public" always do).</summary>
    public IReadOnlyCollection<string> Namespaces { get; init; } = [];
}

public sealed class KubeFaults
{
    /// <summary>Added before every API request is served.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Answer a fraction (0..1) of requests matching (verb, resource) with the given HTTP status.</summary>
    public void SetErrorRate(string verb, string resource, double rate, int statusCode = 500) => throw new NotImplementedException();

    /// <summary>The next <paramref name="count"/> updates/patches of the resource answer 409 Conflict.</summary>
    public void ForceConflicts(string resource, int count) => throw new NotImplementedException();

    /// <summary>Closes every open watch now (clients see the stream end).</summary>
    public void DropWatches() => throw new NotImplementedException();

    public void Clear() => throw new NotImplementedException();
}
