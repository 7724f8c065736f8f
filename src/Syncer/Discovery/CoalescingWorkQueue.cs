namespace Syncer.Discovery;

/// <summary>
/// A work queue that coalesces: an item added while it is already waiting is queued once, and an item added while
/// it is being processed is queued again only when <see cref="Done"/> is called, so one key is never processed by
/// two workers at once and a burst of events for one Secret costs one reconcile.
/// Hand-written after client-go's workqueue and YARP's <c>Queues/WorkQueue.cs</c>: no package we can use provides one
/// (System.Threading.Channels does not coalesce).
/// </summary>
internal sealed class CoalescingWorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly SemaphoreSlim _available = new(0);

    /// <summary>Items waiting (not counting those being processed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(T item)
    {
        lock (_gate)
        {
            if (!_dirty.Add(item) || _processing.Contains(item))
            {
                return;
            }

            _queue.Enqueue(item);
        }

        _available.Release();
    }

    /// <summary>Waits for the next item. The caller must call <see cref="Done"/> with it, whatever happens.</summary>
    public async Task<T> TakeAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        lock (_gate)
        {
            var item = _queue.Dequeue();
            _dirty.Remove(item);
            _processing.Add(item);
            return item;
        }
    }

    /// <summary>Marks an item processed; if it was added again meanwhile it goes back in the queue.</summary>
    public void Done(T item)
    {
        lock (_gate)
        {
            _processing.Remove(item);
            if (!_dirty.Contains(item))
            {
                return;
            }

            _queue.Enqueue(item);
        }

        _available.Release();
    }

    public void Dispose() => _available.Dispose();
}
