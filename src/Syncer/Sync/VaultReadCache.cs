using Syncer.Observability;
using Syncer.Spec;
using Syncer.Vault;

namespace Syncer.Sync;

/// <summary>
/// One Vault read per distinct (path, version) per refresh interval, however many Secrets use it (PRODUCT.md
/// promise 6). Time is cut into windows aligned on multiples of the caller's interval; a read started in the
/// current window (finished or still in flight) is shared, otherwise a new read starts. So a Secret always gets a
/// read made since its own previous sync, and Secrets on one path cost one read per window. A fresh read
/// (<c>syncer.io/force-sync</c>) bypasses and replaces the entry. Failed reads are not kept. Each caller waits with
/// its own token; the shared read itself belongs to no caller.
/// </summary>
internal sealed class VaultReadCache(IVaultClient vault, TimeProvider timeProvider, SyncerMetrics metrics)
{
    private const int SweepEvery = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<VaultSource, Entry> _entries = [];
    private int _inserts;

    public async Task<KeyValueSecret> ReadAsync(VaultSource source, TimeSpan window, bool forceFresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var now = timeProvider.GetUtcNow();
        Entry entry;
        var owner = false;
        lock (_gate)
        {
            if (!forceFresh && _entries.TryGetValue(source, out var existing) && SameWindow(existing.StartedAt, now, window))
            {
                entry = existing;
                entry.Widen(window);
            }
            else
            {
                entry = new Entry(now, window);
                _entries[source] = entry;
                owner = true;
                if (++_inserts % SweepEvery == 0)
                {
                    Sweep(now);
                }
            }
        }

        if (owner)
        {
            _ = ReadSharedAsync(source, entry, forceFresh);
        }
        else
        {
            metrics.VaultReadsSharedTotal.Inc();
        }

        return await entry.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The read every waiter shares. It runs on no caller's token, so a sync that is cancelled (its own deadline,
    /// shutdown, lost leadership) stops waiting without failing the others; the Vault client's own timeouts bound it.
    /// </summary>
    private async Task ReadSharedAsync(VaultSource source, Entry entry, bool forceFresh)
    {
        try
        {
            entry.Result.SetResult(await vault.ReadKeyValueAsync(source.FullPath, source.Version, forceFresh, CancellationToken.None));
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(source, out var current) && current == entry)
                {
                    _entries.Remove(source);
                }
            }

            entry.Result.SetException(ex);
        }
    }

    /// <summary>Entries currently kept (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    private static bool SameWindow(DateTimeOffset started, DateTimeOffset now, TimeSpan window) =>
        started.UtcTicks / window.Ticks == now.UtcTicks / window.Ticks;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (source, entry) in _entries.Where(e => !SameWindow(e.Value.StartedAt, now, e.Value.Window)).ToList())
        {
            _entries.Remove(source);
        }
    }

    private sealed class Entry(DateTimeOffset startedAt, TimeSpan window)
    {
        public DateTimeOffset StartedAt { get; } = startedAt;

        /// <summary>The longest window any caller asked for: the entry is useless once that window ends.</summary>
        public TimeSpan Window { get; private set; } = window;

        public TaskCompletionSource<KeyValueSecret> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Widen(TimeSpan window)
        {
            if (window > Window)
            {
                Window = window;
            }
        }
    }
}
