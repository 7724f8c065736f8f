namespace Syncer.Discovery;

/// <summary>
/// A coalescing work queue with two lanes and delayed adds (client-go's workqueue and YARP's <c>Queues/WorkQueue.cs</c>):
/// an item added while waiting is queued once (a high add lifts a waiting normal one), an item added while it is
/// processed is queued again only when <see cref="Done"/> is called, so one item is never processed by two workers at
/// once and a burst of events for one object costs one pass. <see cref="AddAfter"/> waits on the injected
/// <see cref="TimeProvider"/> (retries now, the restart debounce later). Hand-written: no package in reach provides
/// one (System.Threading.Channels neither coalesces nor prioritises).
/// </summary>
internal sealed class WorkQueue<T>(TimeProvider timeProvider) : IDisposable
    where T : notnull
{
    /// <summary>Room for waiting items kept when the queue runs empty; beyond it the index shrinks back.</summary>
    internal const int KeepCapacity = 256;

    private readonly Lock _gate = new();
    private readonly LinkedList<T> _high = new();
    private readonly LinkedList<T> _normal = new();
    private readonly Dictionary<T, LinkedListNode<T>> _waiting = [];
    private readonly HashSet<T> _processing = [];
    private readonly Dictionary<T, WorkPriority> _again = []; // added while processing
    private readonly HashSet<ITimer> _timers = [];
    private readonly SemaphoreSlim _available = new(0);
    private bool _disposed;

    /// <summary>Items waiting (not counting those being processed or delayed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Items being processed (taken, not yet <see cref="Done"/>).</summary>
    public int InProgress
    {
        get
        {
            lock (_gate)
            {
                return _processing.Count;
            }
        }
    }

    /// <summary>Delayed adds not yet due.</summary>
    public int Delayed
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>How many waiting items the index has room for now (it shrinks back when the queue runs empty).</summary>
    internal int WaitingCapacity
    {
        get
        {
            lock (_gate)
            {
                return _waiting.EnsureCapacity(0);
            }
        }
    }

    public void Add(T item, WorkPriority priority = WorkPriority.Normal)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_processing.Contains(item))
            {
                _again[item] = _again.TryGetValue(item, out var was) && was < priority ? was : priority;
                return;
            }

            if (_waiting.TryGetValue(item, out var node))
            {
                if (priority == WorkPriority.High && node.List == _normal)
                {
                    _normal.Remove(node);
                    _high.AddLast(node);
                }

                return;
            }

            _waiting[item] = (priority == WorkPriority.High ? _high : _normal).AddLast(item);
        }

        _available.Release();
    }

    /// <summary>Adds the item once <paramref name="delay"/> has passed on the queue's clock.</summary>
    public void AddAfter(T item, TimeSpan delay, WorkPriority priority = WorkPriority.Normal)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item, priority);
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            ITimer? timer = null;
            timer = timeProvider.CreateTimer(_ =>
            {
                lock (_gate)
                {
                    _timers.Remove(timer!);
                }

                timer!.Dispose();
                Add(item, priority);
            }, null, delay, Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
        }
    }

    /// <summary>Waits for the next item, high lane first. The caller must call <see cref="Done"/> with it, whatever happens.</summary>
    public async Task<T> TakeAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        lock (_gate)
        {
            var lane = _high.Count > 0 ? _high : _normal;
            var item = lane.First!.Value;
            lane.RemoveFirst();
            _waiting.Remove(item);
            if (_waiting.Count == 0 && _waiting.EnsureCapacity(0) > KeepCapacity)
            {
                _waiting.TrimExcess(); // a dictionary keeps its largest size: 10,000 queued once, 280 KB held ever after
            }

            _processing.Add(item);
            return item;
        }
    }

    /// <summary>Marks an item processed; if it was added again meanwhile it goes back in its lane.</summary>
    public void Done(T item)
    {
        WorkPriority priority;
        lock (_gate)
        {
            _processing.Remove(item);
            if (!_again.Remove(item, out priority))
            {
                return;
            }
        }

        Add(item, priority);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }

        _available.Dispose();
    }
}
