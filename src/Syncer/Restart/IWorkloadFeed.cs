using k8s;

namespace Syncer.Restart;

/// <summary>One workload kind's informer, seen as records: what the restart reconciler subscribes to, whatever the kind.</summary>
internal interface IWorkloadFeed
{
    WorkloadKind Kind { get; }

    /// <summary>Completes once every watched scope of the kind has been listed.</summary>
    Task WaitReadyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Subscribes to every change: the record of an Added or Modified workload, null for a Deleted one. Called on the
    /// informer's loop; dispose the result to stop.
    /// </summary>
    IDisposable Register(Action<WatchEventType, WorkloadKey, WorkloadRecord?> handler);
}
