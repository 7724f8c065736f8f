using System.Collections.Concurrent;
using Syncer.Discovery;
using Syncer.Scheduling;

namespace Syncer.Tests.Scheduling;

/// <summary>The seam's test implementation: records each call and answers with <see cref="Outcome"/>.</summary>
internal sealed class RecordingSyncHandler : ISecretSyncHandler
{
    public ConcurrentQueue<(SecretKey Key, bool ForceFreshRead)> Calls { get; } = new();

    public Func<SecretKey, SyncOutcome> Outcome { get; set; } = _ => SyncOutcome.Changed;

    /// <summary>When set, each sync waits for it after recording the call (a sync in progress).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Syncs that ran to their end.</summary>
    public int Completed => _completed;

    private int _completed;

    public async Task<SyncOutcome> SyncAsync(SecretKey key, bool forceFreshRead, CancellationToken cancellationToken)
    {
        Calls.Enqueue((key, forceFreshRead));
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        Interlocked.Increment(ref _completed);
        return Outcome(key);
    }

    public int CountFor(SecretKey key) => Calls.Count(call => call.Key == key);
}
