using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault;

/// <summary>
/// Fault injection. Faults are checked after the request is counted and before the seal, the token and the route,
/// so they hit every path (sys/health and logins included) whose path after /v1/ starts with the given prefix.
/// Queued faults are consumed first-in first-out; each matching request uses up one answer of one fault.
/// </summary>
public sealed class VaultFaults
{
    private readonly Lock _gate = new();
    private readonly List<QueuedFault> _queue = [];

    /// <summary>Added before every request is served. Waited on the double's TimeProvider (a FakeTimeProvider must be advanced).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// The next <paramref name="count"/> requests whose path (after /v1/) starts with <paramref name="pathPrefix"/>
    /// (null = any) answer <paramref name="statusCode"/>, with a Retry-After header when given ("2" or an RFC1123 date).
    /// The body is Vault's JSON error for that status (see docs/doubles-vault.md).
    /// </summary>
    public void FailNext(int count, int statusCode, string? retryAfter = null, string? pathPrefix = null) =>
        Enqueue(count, pathPrefix, (path, _) => FaultResponses.ForStatus(statusCode, path, retryAfter));

    /// <summary>The next <paramref name="count"/> matching requests answer a raw, possibly non-JSON body (a proxy's HTML page, say).</summary>
    public void FailNextWithBody(int count, int statusCode, string body, string contentType = "text/html", string? pathPrefix = null) =>
        Enqueue(count, pathPrefix, (_, _) => VaultResponse.Raw(statusCode, body, contentType));

    /// <summary>
    /// The next <paramref name="count"/> matching requests answer 307 with Location = <paramref name="target"/> plus the
    /// request's own path and query (as a standby does). Point it at <see cref="VaultDouble.Address"/> to test one hop.
    /// </summary>
    public void RedirectNext(int count, Uri target, string? pathPrefix = null) =>
        Enqueue(count, pathPrefix, (path, query) => FaultResponses.Redirect(target, path + query));

    public void Clear()
    {
        lock (_gate)
        {
            _queue.Clear();
            Latency = TimeSpan.Zero;
        }
    }

    internal VaultResponse? TryTake(string path, string query)
    {
        lock (_gate)
        {
            var fault = _queue.FirstOrDefault(f => f.PathPrefix is null || path.StartsWith(f.PathPrefix, StringComparison.Ordinal));
            if (fault is null)
            {
                return null;
            }

            fault.Remaining--;
            if (fault.Remaining <= 0)
            {
                _queue.Remove(fault);
            }

            return fault.Answer(path, query);
        }
    }

    private void Enqueue(int count, string? pathPrefix, Func<string, string, VaultResponse> answer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _queue.Add(new QueuedFault(pathPrefix?.TrimStart('/'), answer) { Remaining = count });
        }
    }

    private sealed class QueuedFault(string? pathPrefix, Func<string, string, VaultResponse> answer)
    {
        public string? PathPrefix { get; } = pathPrefix;

        public Func<string, string, VaultResponse> Answer { get; } = answer;

        public int Remaining { get; set; }
    }
}
