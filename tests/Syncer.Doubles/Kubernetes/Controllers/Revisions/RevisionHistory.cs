using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;

namespace Syncer.Doubles.Kubernetes.Controllers.Revisions;

/// <summary>
/// The ControllerRevisions of a StatefulSet or DaemonSet (k8s pkg/controller/history): one per distinct pod
/// template, numbered 1, 2, ...; a template seen before gets its old revision back with the next number; old ones
/// beyond <c>revisionHistoryLimit</c> that no pod uses are deleted.
/// </summary>
internal sealed class RevisionHistory(ControllerContext cluster)
{
    /// <summary>The data a revision stores: the template as a patch that replaces the owner's (getPatch).</summary>
    public static JsonObject Data(V1PodTemplateSpec template)
    {
        var node = (JsonObject)JsonNode.Parse(CanonicalJson.Of(template))!;
        node["$patch"] = "replace";
        return new JsonObject { ["spec"] = new JsonObject { ["template"] = node } };
    }

    public static V1PodTemplateSpec TemplateOf(V1ControllerRevision revision)
    {
        var template = (JsonObject)JsonNode.Parse(CanonicalJson.Of(revision.Data))!["spec"]!["template"]!.DeepClone();
        template.Remove("$patch");
        return KubernetesJson.Deserialize<V1PodTemplateSpec>(template.ToJsonString());
    }

    public List<V1ControllerRevision> Owned(IKubernetesObject<V1ObjectMeta> owner) =>
        [.. Owners.Owned(cluster.Revisions.Items, owner).OrderBy(r => r.Revision)];

    /// <summary>
    /// The owner's revision holding <paramref name="data"/>, made or renumbered as needed; throws
    /// <see cref="RevisionCollisionException"/> when another revision already has the name.
    /// </summary>
    public async Task<V1ControllerRevision> EnsureAsync(IKubernetesObject<V1ObjectMeta> owner, string kind, string name,
        IDictionary<string, string> labels, JsonObject data, CancellationToken ct)
    {
        var owned = Owned(owner);
        var next = owned.Count == 0 ? 1 : (owned[^1].Revision ?? 0) + 1;
        var wanted = CanonicalJson.Semantic(data);
        if (owned.LastOrDefault(r => CanonicalJson.Semantic(r.Data) == wanted) is { } equal)
        {
            return equal == owned[^1] ? equal : await RenumberAsync(equal, next, ct);
        }

        var revision = new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = owner.Metadata.Annotations,
                OwnerReferences = [Owners.ControllerRef(owner, "apps/v1", kind)],
            },
            Data = data,
            Revision = next,
        };
        try
        {
            var created = await cluster.Client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, owner.Metadata.NamespaceProperty, cancellationToken: ct);
            Log.Created(cluster.Logger, "ControllerRevision", ObjectKey.Of(created));
            return created;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Made before and not in the cache yet, or another template with the same hash.
            var existing = await cluster.Client.AppsV1.ReadNamespacedControllerRevisionAsync(name, owner.Metadata.NamespaceProperty, cancellationToken: ct);
            return Owners.IsControlledBy(existing, owner) && CanonicalJson.Semantic(existing.Data) == wanted
                ? existing
                : throw new RevisionCollisionException(name);
        }
    }

    /// <summary>Deletes the oldest revisions no pod uses beyond <paramref name="limit"/> (truncateHistory).</summary>
    public async Task TruncateAsync(IKubernetesObject<V1ObjectMeta> owner, int limit, Func<V1ControllerRevision, bool> inUse, CancellationToken ct)
    {
        var unused = Owned(owner).Where(r => !inUse(r)).ToList();
        foreach (var revision in unused.Take(Math.Max(0, unused.Count - limit)))
        {
            await cluster.Client.AppsV1.DeleteNamespacedControllerRevisionAsync(revision.Metadata.Name, revision.Metadata.NamespaceProperty, cancellationToken: ct);
            Log.Deleted(cluster.Logger, "ControllerRevision", ObjectKey.Of(revision));
        }
    }

    private async Task<V1ControllerRevision> RenumberAsync(V1ControllerRevision revision, long number, CancellationToken ct)
    {
        var updated = CanonicalJson.Copy(revision);
        updated.Revision = number;
        return await cluster.Client.AppsV1.ReplaceNamespacedControllerRevisionAsync(updated, revision.Metadata.Name, revision.Metadata.NamespaceProperty, cancellationToken: ct);
    }
}
