namespace Syncer.Discovery;

/// <summary>
/// Ready once every watched scope (each configured namespace, or all namespaces) has completed its first list.
/// The scheduler waits for it before acting and <c>/readyz</c> reports it.
/// </summary>
internal sealed class DiscoveryReadiness
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _pending;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DiscoveryReadiness(DiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pending = [.. options.Scopes().Select(ScopeName)];
    }

    public bool IsReady => _ready.Task.IsCompleted;

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public void MarkListed(string? namespaceScope)
    {
        lock (_gate)
        {
            _pending.Remove(ScopeName(namespaceScope));
            if (_pending.Count == 0)
            {
                _ready.TrySetResult();
            }
        }
    }

    private static string ScopeName(string? namespaceScope) => namespaceScope ?? "";
}
