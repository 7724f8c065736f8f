using k8s;
using k8s.Models;
using Syncer.Discovery;

namespace Syncer.Restart;

/// <summary>A <see cref="ResourceInformer{T}"/> of one workload kind, turning each object into its record at once.</summary>
internal sealed class WorkloadFeed<T, TList>(ResourceInformer<T> informer, WorkloadKind<T, TList> kind) : IWorkloadFeed
    where T : class, IKubernetesObject<V1ObjectMeta>, new()
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    public WorkloadKind Kind => kind;

    public Task WaitReadyAsync(CancellationToken cancellationToken) => informer.WaitReadyAsync(cancellationToken);

    public IDisposable Register(Action<WatchEventType, WorkloadKey, WorkloadRecord?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return informer.Register((type, workload) =>
        {
            var key = new WorkloadKey(kind, workload.Metadata.NamespaceProperty ?? "", workload.Metadata.Name);
            handler(type, key, type == WatchEventType.Deleted ? null : kind.Record(workload));
        });
    }
}
