using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Output;

/// <summary>
/// Turns a response body (a single object or a list, in wire shape) into the negotiated <see cref="OutputForm"/>,
/// as apiserver <c>handlers/response.go</c> doTransformObject does. Status bodies pass through unchanged.
/// </summary>
internal static class OutputTransform
{
    public static JsonObject Apply(OutputForm form, ResourceType type, JsonObject body)
    {
        if (form.ConvertTo is null || (string?)body["kind"] == "Status")
        {
            return body;
        }

        var isList = body["items"] is JsonArray && (string?)body["kind"] == type.ListKind;
        return form.ConvertTo switch
        {
            "PartialObjectMetadata" when isList => throw KubeErrors.NotAcceptable(
                $"you requested PartialObjectMetadata, but the requested object is a list (*{InternalPackage(type)}.{type.ListKind})"),
            "PartialObjectMetadata" => Partial(form, body),
            "PartialObjectMetadataList" when !isList => throw KubeErrors.NotAcceptable(
                $"you requested PartialObjectMetadataList, but the requested object is not a list (*{InternalPackage(type)}.{type.Kind})"),
            "PartialObjectMetadataList" => PartialList(form, body),
            _ => throw OutputNegotiation.NotAcceptable(),
        };
    }

    /// <summary>A watch event's object: a conversion that does not apply leaves the object as it is (watch.go).</summary>
    public static JsonObject ApplyToWatchObject(OutputForm form, ResourceType type, JsonObject obj)
    {
        try
        {
            return Apply(form, type, obj);
        }
        catch (KubeStatusException)
        {
            return obj;
        }
    }

    private static JsonObject Partial(OutputForm form, JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = form.ApiVersion,
        ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
    };

    private static JsonObject PartialList(OutputForm form, JsonObject list) => new()
    {
        ["kind"] = "PartialObjectMetadataList",
        ["apiVersion"] = form.ApiVersion,
        ["metadata"] = list["metadata"]?.DeepClone() ?? new JsonObject(),
        ["items"] = new JsonArray([.. list["items"]!.AsArray().Select(i => (JsonNode)Partial(form, (JsonObject)i!))]),
    };

    /// <summary>The Go package of the internal type the message names (%T): core, apps, coordination.</summary>
    private static string InternalPackage(ResourceType type) =>
        type.Group is "" or "events.k8s.io" ? "core" : type.Group.Split('.')[0];
}
