namespace Syncer.Discovery;

/// <summary>
/// Ready once every watched scope (each configured namespace, or all namespaces) of one informer has completed its
/// first list. Subscribers wait for it before acting and <c>/readyz</c> reports it, together with how long a scope's
/// list or watch has been failing without a success in between.
/// </summary>
internal sealed class DiscoveryReadiness
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _pending;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, DateTimeOffset> _failingSince = [];

    public DiscoveryReadiness(IEnumerable<string?> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        _pending = [.. scopes.Select(ScopeName)];
    }

    public bool IsReady => _ready.Task.IsCompleted;

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    /// <returns>True when this list made the informer ready.</returns>
    public bool MarkListed(string? namespaceScope)
    {
        lock (_gate)
        {
            _pending.Remove(ScopeName(namespaceScope));
            return _pending.Count == 0 && _ready.TrySetResult();
        }
    }

    /// <summary>The earliest start of a failure streak of any scope; null when every scope's last attempt worked.</summary>
    public DateTimeOffset? FailingSince
    {
        get
        {
            lock (_gate)
            {
                return _failingSince.Count == 0 ? null : _failingSince.Values.Min();
            }
        }
    }

    /// <summary>A list or watch of the scope failed; the streak starts at the first failure.</summary>
    public void MarkFailing(string? namespaceScope, DateTimeOffset now)
    {
        lock (_gate)
        {
            _failingSince.TryAdd(ScopeName(namespaceScope), now);
        }
    }

    /// <summary>A list completed, or a watch delivered an event or ended normally: the scope's streak is over.</summary>
    public void MarkWorking(string? namespaceScope)
    {
        lock (_gate)
        {
            _failingSince.Remove(ScopeName(namespaceScope));
        }
    }

    private static string ScopeName(string? namespaceScope) => namespaceScope ?? "";
}
