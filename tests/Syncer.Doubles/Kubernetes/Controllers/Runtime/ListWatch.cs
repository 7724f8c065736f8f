using k8s;
using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>How an informer lists and watches one kind across all namespaces (a kind's pair of client calls).</summary>
internal sealed record ListWatch<T>(
    string Resource,
    Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> List,
    Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> Watch)
    where T : class, IKubernetesObject<V1ObjectMeta>;
