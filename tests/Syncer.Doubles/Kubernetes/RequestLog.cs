using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Syncer.Doubles.Kubernetes;

/// <summary>
/// The last requests the Kubernetes double received, as sent (method, path, query, <c>Accept</c>), for tests that
/// check how a client asks, not only how often (<see cref="KubeApiDouble.Requests"/> counts). Thread-safe, bounded.
/// </summary>
public sealed class RequestLog
{
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<LoggedRequest> _entries = new();

    public IReadOnlyList<LoggedRequest> Entries => [.. _entries];

    internal void Record(HttpRequest request)
    {
        _entries.Enqueue(new LoggedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.Headers.Accept.ToString()));
        while (_entries.Count > Capacity && _entries.TryDequeue(out _))
        {
        }
    }

    public void Clear() => _entries.Clear();
}
