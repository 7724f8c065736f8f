using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes;

namespace Syncer.Doubles.Tests.Kubernetes.Controllers;

/// <summary>
/// Every state the objects of one kind in a namespace went through, in order, from a list and a watch of its own
/// (a third client): what a rollout looked like between its start and its end.
/// </summary>
internal sealed class Timeline<T> : IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _watching;
    private readonly Dictionary<string, T> _objects = [];
    private readonly List<IReadOnlyList<T>> _states = [];

    public Timeline(IList<T> listed, Func<CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch, CancellationToken ct)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        foreach (var obj in listed)
        {
            _objects[obj.Metadata.Name] = obj;
        }

        _states.Add([.. _objects.Values]);
        _watching = Task.Run(async () =>
        {
            await foreach (var (type, obj) in watch(_stop.Token))
            {
                lock (_states)
                {
                    if (type == WatchEventType.Deleted)
                    {
                        _objects.Remove(obj.Metadata.Name);
                    }
                    else
                    {
                        _objects[obj.Metadata.Name] = obj;
                    }

                    _states.Add([.. _objects.Values]);
                }
            }
        }, ct);
    }

    /// <summary>Stops watching and returns the states seen, the listed one first.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<T>>> StopAsync()
    {
        await _stop.CancelAsync();
        await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_states)
        {
            return [.. _states];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}

/// <summary>Timelines of the kinds the tests follow, read with the admin client.</summary>
internal static class Timeline
{
    public static async Task<Timeline<V1Pod>> PodsAsync(Cluster cluster, CancellationToken ct)
    {
        var listed = await cluster.Client.CoreV1.ListNamespacedPodAsync(Cluster.Ns, cancellationToken: ct);
        return new(listed.Items, stop => cluster.Client.CoreV1.WatchListNamespacedPodAsync(Cluster.Ns, resourceVersion: listed.ResourceVersion(), cancellationToken: stop), ct);
    }

    public static async Task<Timeline<V1ReplicaSet>> ReplicaSetsAsync(Cluster cluster, CancellationToken ct)
    {
        var listed = await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync(Cluster.Ns, cancellationToken: ct);
        return new(listed.Items, stop => cluster.Client.AppsV1.WatchListNamespacedReplicaSetAsync(Cluster.Ns, resourceVersion: listed.ResourceVersion(), cancellationToken: stop), ct);
    }

    public static bool Ready(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
