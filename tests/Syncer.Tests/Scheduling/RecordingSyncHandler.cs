using System.Collections.Concurrent;
using Syncer.Sync;

namespace Syncer.Tests.Scheduling;

/// <summary>The dispatcher's handler for scheduling tests: records each call and answers with <see cref="Outcome"/>.</summary>
internal sealed class RecordingSyncHandler : ISyncHandler
{
    private int _completed;
    private int _running;
    private int _maxRunning;

    public ConcurrentQueue<SecretKey> Calls { get; } = new();

    public Func<SecretKey, SyncResult> Outcome { get; set; } = _ => new SyncResult(SyncOutcome.Changed);

    /// <summary>When set, runs in each sync before the outcome (a test's stand-in for Syncer's own write).</summary>
    public Func<SecretKey, Task>? OnSync { get; set; }

    /// <summary>When set, each sync waits for it after recording the call (a sync in progress).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Syncs that ran to their end.</summary>
    public int Completed => _completed;

    /// <summary>The most syncs seen running at once.</summary>
    public int MaxRunning => _maxRunning;

    public async Task<SyncResult> SyncAsync(SecretKey key, CancellationToken cancellationToken)
    {
        Calls.Enqueue(key);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            if (Gate is { } gate)
            {
                await gate.Task;
            }

            if (OnSync is { } onSync)
            {
                await onSync(key);
            }

            Interlocked.Increment(ref _completed);
            return Outcome(key);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public int CountFor(SecretKey key) => Calls.Count(call => call == key);

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
