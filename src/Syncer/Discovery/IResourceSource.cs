using k8s;
using k8s.Models;

namespace Syncer.Discovery;

/// <summary>How a <see cref="ResourceInformer{T}"/> lists and watches one kind: the only kind-specific part of it.</summary>
internal interface IResourceSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The resource's plural ("secrets"): the <c>resource</c> label of metrics, and logs.</summary>
    string Resource { get; }

    /// <summary>One page of a list of <paramref name="scope"/> (a namespace, or null for every namespace).</summary>
    Task<ResourcePage<T>> ListAsync(string? scope, string? continueToken, int limit, CancellationToken cancellationToken);

    /// <summary>A watch from <paramref name="resourceVersion"/>, with bookmarks; ERROR events go to <paramref name="onError"/>.</summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? scope, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);
}
