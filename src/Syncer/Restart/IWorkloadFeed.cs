using k8s;
using Syncer.Discovery;

namespace Syncer.Restart;

/// <summary>One workload kind's informer, seen as records: what the restart reconciler subscribes to, whatever the kind.</summary>
internal interface IWorkloadFeed : IResourceInformer
{
    WorkloadKind Kind { get; }

    /// <summary>
    /// Subscribes to every change: the record of an Added or Modified workload, null for a Deleted one. Called on the
    /// informer's loop; dispose the result to stop.
    /// </summary>
    IDisposable Register(Action<WatchEventType, WorkloadKey, WorkloadRecord?> handler);
}
