using System.Threading.Channels;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>
/// Keys to reconcile, for one worker: a key added while it already waits is queued once; added while it is being
/// reconciled, it is queued again (it left the queue when it was taken). Hand-written after client-go's workqueue:
/// System.Threading.Channels does not coalesce.
/// </summary>
internal sealed class WorkQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Add(string key)
    {
        lock (_lock)
        {
            if (!_waiting.Add(key))
            {
                return;
            }
        }

        _channel.Writer.TryWrite(key);
    }

    /// <summary>Adds the key once <paramref name="delay"/> has passed on <paramref name="clock"/>.</summary>
    public void AddAfter(string key, TimeSpan delay, TimeProvider clock, CancellationToken ct)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        _ = Task.Delay(delay, clock, ct).ContinueWith(_ => Add(key), ct, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    public async ValueTask<string> TakeAsync(CancellationToken ct)
    {
        var key = await _channel.Reader.ReadAsync(ct);
        lock (_lock)
        {
            _waiting.Remove(key);
        }

        return key;
    }
}
