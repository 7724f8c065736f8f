using k8s;
using k8s.Autorest;
using k8s.Models;
using Syncer.Spec;

namespace Syncer.Discovery;

/// <summary>
/// Labeled Secrets, listed and watched metadata-only, as client-go's metadata informers do: the <c>Accept</c> header
/// asks the API server for <c>PartialObjectMetadata(List)</c> (kubernetes-api.md section 8), so a Secret's data never
/// reaches this process through discovery, and a tenant's large Secrets cannot push Syncer out of memory. No fallback
/// to the full form is offered: a server that cannot answer metadata-only answers 406 and the informer retries.
/// The KubernetesClient has no metadata client; its typed operations take the header, and list items arrive with
/// metadata only.
/// </summary>
internal sealed class SecretMetadataSource(IKubernetes client) : IResourceSource<PartialObjectMetadata>
{
    public const string ListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
    public const string WatchAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";

    public string Resource => "secrets";

    public async Task<ResourcePage<PartialObjectMetadata>> ListAsync(string? scope, string? continueToken, int limit, CancellationToken cancellationToken)
    {
        using var response = await Request(scope, ListAccept, continueToken: continueToken, limit: limit, cancellationToken: cancellationToken);
        var list = response.Body;
        return new ResourcePage<PartialObjectMetadata>(
            [.. list.Items.Select(item => new PartialObjectMetadata { Metadata = item.Metadata })],
            list.Metadata?.ContinueProperty,
            list.Metadata?.ResourceVersion ?? "");
    }

    public IAsyncEnumerable<(WatchEventType Type, PartialObjectMetadata Object)> WatchAsync(
        string? scope, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken)
    {
        var response = Request(scope, WatchAccept, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: cancellationToken);
        // The one watch entry point that takes request headers; its events are read as PartialObjectMetadata.
#pragma warning disable CS0618
        return response.WatchAsync<PartialObjectMetadata, V1SecretList>(onError, cancellationToken);
#pragma warning restore CS0618
    }

    private Task<HttpOperationResponse<V1SecretList>> Request(
        string? scope, string accept, string? continueToken = null, int? limit = null, string? resourceVersion = null,
        int? timeoutSeconds = null, bool? watch = null, CancellationToken cancellationToken = default)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>> { ["Accept"] = [accept] };
        return scope is null
            ? client.CoreV1.ListSecretForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: watch, continueParameter: continueToken, labelSelector: SyncAnnotations.LabelSelector, limit: limit,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, watch: watch, customHeaders: headers, cancellationToken: cancellationToken)
            : client.CoreV1.ListNamespacedSecretWithHttpMessagesAsync(
                scope, allowWatchBookmarks: watch, continueParameter: continueToken, labelSelector: SyncAnnotations.LabelSelector, limit: limit,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, watch: watch, customHeaders: headers, cancellationToken: cancellationToken);
    }
}
