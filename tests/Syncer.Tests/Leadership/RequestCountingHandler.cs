using System.Collections.Concurrent;

namespace Syncer.Tests.Leadership;

/// <summary>
/// Counts the requests one replica's real KubernetesClient sends to single objects (a GET, PATCH or PUT of one Secret or
/// Lease; lists and watches of a collection are not counted), by method and resource plural: which replica read and
/// wrote what, as the API server would see it.
/// </summary>
internal sealed class RequestCountingHandler : DelegatingHandler
{
    private static readonly string[] Resources = ["secrets", "events", "leases", "deployments", "statefulsets", "daemonsets"];
    private readonly ConcurrentDictionary<(string Method, string Resource), long> _counts = new();

    public long Count(HttpMethod method, string resource) => _counts.TryGetValue((method.Method, resource), out var n) ? n : 0;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // .../namespaces/<ns>/<resource>/<name>: the resource is the segment before the last.
        var segments = request.RequestUri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (segments.Length >= 2 && Resources.Contains(segments[^2]))
        {
            _counts.AddOrUpdate((request.Method.Method, segments[^2]), 1, (_, n) => n + 1);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
