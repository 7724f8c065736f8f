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
    private readonly List<QueuedFault> _delays = [];

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

    /// <summary>
    /// The next <paramref name="count"/> requests whose path starts with <paramref name="pathPrefix"/> (null = any) wait
    /// <paramref name="delay"/> (on the double's TimeProvider) before they are served as usual: a slow read, for a
    /// client's request timeout. A client that gives up meanwhile gets nothing; the request still uses up one count.
    /// </summary>
    public void DelayNext(int count, TimeSpan delay, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_gate)
        {
            _delays.Add(new QueuedFault(pathPrefix?.TrimStart('/'), null) { Remaining = count, Delay = delay });
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _queue.Clear();
            _delays.Clear();
            Latency = TimeSpan.Zero;
        }
    }

    internal VaultResponse? TryTake(string path, string query)
    {
        lock (_gate)
        {
            return Take(_queue, path)?.Answer!(path, query);
        }
    }

    /// <summary>The delay queued for this path by <see cref="DelayNext"/>, if any (uses up one count).</summary>
    internal TimeSpan? TakeDelay(string path)
    {
        lock (_gate)
        {
            return Take(_delays, path)?.Delay;
        }
    }

    private static QueuedFault? Take(List<QueuedFault> queue, string path)
    {
        var fault = queue.FirstOrDefault(f => f.PathPrefix is null || path.StartsWith(f.PathPrefix, StringComparison.Ordinal));
        if (fault is null)
        {
            return null;
        }

        fault.Remaining--;
        if (fault.Remaining <= 0)
        {
            queue.Remove(fault);
        }

        return fault;
    }

    private void Enqueue(int count, string? pathPrefix, Func<string, string, VaultResponse> answer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _queue.Add(new QueuedFault(pathPrefix?.TrimStart('/'), answer) { Remaining = count });
        }
    }

    /// <summary>A queued answer (<see cref="Answer"/>), or a queued <see cref="Delay"/> when that is null.</summary>
    private sealed class QueuedFault(string? pathPrefix, Func<string, string, VaultResponse>? answer)
    {
        public string? PathPrefix { get; } = pathPrefix;

        public Func<string, string, VaultResponse>? Answer { get; } = answer;

        public int Remaining { get; set; }

        public TimeSpan Delay { get; init; }
    }
}
