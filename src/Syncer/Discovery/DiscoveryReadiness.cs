namespace Syncer.Discovery;

/// <summary>
/// Ready once every watched scope (each configured namespace, or all namespaces) of one informer has completed its
/// first list. Subscribers wait for it before acting and <c>/readyz</c> reports it.
/// </summary>
internal sealed class DiscoveryReadiness
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _pending;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

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

    private static string ScopeName(string? namespaceScope) => namespaceScope ?? "";
}
