using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Syncer.Doubles.Kubernetes.Store;

/// <summary>
/// A watcher's feed: <see cref="Initial"/> objects to announce as synthetic ADDED (watch without a
/// resourceVersion), then every later change of its bucket in commit order.
/// </summary>
internal sealed class WatchSubscription(string storageKey, IReadOnlyList<JsonObject> initial, Action<WatchSubscription> onDispose) : IDisposable
{
    private readonly Channel<StoreEvent> _channel = Channel.CreateUnbounded<StoreEvent>(); // not SingleReader: that one has no Count

    public string StorageKey { get; } = storageKey;

    public IReadOnlyList<JsonObject> Initial { get; } = initial;

    public ChannelReader<StoreEvent> Events => _channel.Reader;

    /// <summary>Called by the store under its lock, so events arrive in resourceVersion order.</summary>
    public void Publish(StoreEvent change) => _channel.Writer.TryWrite(change);

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        onDispose(this);
    }
}
