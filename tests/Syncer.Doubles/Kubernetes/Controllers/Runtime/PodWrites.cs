using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>
/// Creating and deleting an owner's pods with <see cref="Expectations"/> kept: each write is expected before it is
/// sent, and a write that fails is taken back, so the owner waits for exactly what will show in its cache.
/// </summary>
internal sealed class PodWrites(ControllerContext cluster, Expectations expectations)
{
    public async Task CreateAsync(string ownerUid, IReadOnlyList<V1Pod> pods, CancellationToken ct)
    {
        if (pods.Count == 0)
        {
            return;
        }

        expectations.ExpectCreations(ownerUid, pods.Count);
        for (var i = 0; i < pods.Count; i++)
        {
            try
            {
                var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pods[i], pods[i].Metadata.NamespaceProperty, cancellationToken: ct);
                Log.Created(cluster.Logger, "Pod", ObjectKey.Of(created));
            }
            catch
            {
                for (var left = pods.Count - i; left > 0; left--)
                {
                    expectations.CreationObserved(ownerUid); // none of the rest will show
                }

                throw;
            }
        }
    }

    /// <summary>Deletes with the pod's uid as precondition, so a newer pod of the same name is never hit.</summary>
    public async Task DeleteAsync(string ownerUid, IEnumerable<V1Pod> pods, CancellationToken ct)
    {
        foreach (var pod in pods)
        {
            expectations.ExpectDeletion(ownerUid, pod.Metadata.Uid);
            try
            {
                await cluster.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                    new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: ct);
                Log.Deleted(cluster.Logger, "Pod", ObjectKey.Of(pod));
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                expectations.DeletionObserved(ownerUid, pod.Metadata.Uid); // gone already
            }
            catch
            {
                expectations.DeletionObserved(ownerUid, pod.Metadata.Uid);
                throw;
            }
        }
    }
}
