using k8s;
using k8s.Models;
using Syncer.Discovery;

namespace Syncer.Restart;

/// <summary>
/// How the generic <see cref="ResourceInformer{T}"/> lists and watches one workload kind: the row's own list call.
/// Full objects arrive (the pod template is what Syncer needs); the index keeps only a <see cref="WorkloadRecord"/>.
/// </summary>
internal sealed class WorkloadSource<T, TList>(IKubernetes client, WorkloadKind<T, TList> kind) : IResourceSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>, new()
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    public string Resource => kind.Resource;

    public async Task<ResourcePage<T>> ListAsync(string? scope, string? continueToken, int limit, CancellationToken cancellationToken)
    {
        using var response = await kind.List(client, scope, new ListRequest(Continue: continueToken, Limit: limit), cancellationToken);
        var list = response.Body;
        return new ResourcePage<T>([.. list.Items], list.Metadata?.ContinueProperty, list.Metadata?.ResourceVersion ?? "");
    }

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? scope, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken)
    {
        var response = kind.List(client, scope, new ListRequest(ResourceVersion: resourceVersion, TimeoutSeconds: timeoutSeconds, Watch: true), cancellationToken);
        // The watch entry point that takes any list call (the informer passes onError so a 410 ERROR event is seen).
#pragma warning disable CS0618
        return response.WatchAsync<T, TList>(onError, cancellationToken);
#pragma warning restore CS0618
    }
}
