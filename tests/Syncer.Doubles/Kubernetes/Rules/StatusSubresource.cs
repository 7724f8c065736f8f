using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>
/// A write to <c>/status</c> as the registries' status strategies take it (PrepareForUpdate): the spec stays as it
/// was and the rest comes from the request, so a status write may also change annotations (the Deployment
/// controller records <c>deployment.kubernetes.io/revision</c> on the Deployment that way). A Deployment keeps its
/// labels and a Pod its ownerReferences; the generation never moves (see <see cref="ObjectMeta.StampUpdate"/>).
/// </summary>
internal static class StatusSubresource
{
    public static void PrepareUpdate(ResourceType type, JsonObject obj, JsonObject old)
    {
        Keep(obj, old, "spec");
        var kept = type == ResourceCatalog.Deployments ? "labels" : type == ResourceCatalog.Pods ? "ownerReferences" : null;
        if (kept is not null)
        {
            Keep((JsonObject)obj["metadata"]!, (JsonObject)old["metadata"]!, kept);
        }

        if (type == ResourceCatalog.Namespaces)
        {
            // Defaulting puts the name label back on every write of a Namespace, status writes included.
            var meta = (JsonObject)obj["metadata"]!;
            var labels = meta["labels"] as JsonObject ?? [];
            labels["kubernetes.io/metadata.name"] = (string?)old["metadata"]!["name"];
            meta["labels"] = labels;
        }

        if (type == ResourceCatalog.Pods && obj["status"] is JsonObject status && status["qosClass"] is null && old["status"] is JsonObject oldStatus)
        {
            Keep(status, oldStatus, "qosClass"); // immutable, and backfilled for kubelets that drop it
        }
    }

    private static void Keep(JsonObject target, JsonObject old, string key)
    {
        if (old[key] is { } value)
        {
            target[key] = value.DeepClone();
        }
        else
        {
            target.Remove(key);
        }
    }
}
