using System.Collections.Concurrent;
using Syncer.Discovery;
using Syncer.Scheduling;

namespace Syncer.Tests.Scheduling;

/// <summary>The seam's test implementation: records each call and answers with <see cref="Outcome"/>.</summary>
internal sealed class RecordingSyncHandler : ISecretSyncHandler
{
    public ConcurrentQueue<(SecretKey Key, bool ForceFreshRead)> Calls { get; } = new();

    public Func<SecretKey, SyncOutcome> Outcome { get; set; } = _ => SyncOutcome.Changed;

    public Task<SyncOutcome> SyncAsync(SecretKey key, bool forceFreshRead, CancellationToken cancellationToken)
    {
        Calls.Enqueue((key, forceFreshRead));
        return Task.FromResult(Outcome(key));
    }

    public int CountFor(SecretKey key) => Calls.Count(call => call.Key == key);
}
