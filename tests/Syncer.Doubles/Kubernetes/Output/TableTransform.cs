using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Printing;
using Syncer.Doubles.Kubernetes.Rules;

namespace Syncer.Doubles.Kubernetes.Output;

/// <summary>
/// Server-side printing (apiserver asTable + the printers' TableConvertor, always wide): a meta.k8s.io Table with
/// the kind's columns and one row per object; each row's object is a PartialObjectMetadata (includeObject
/// unset or Metadata), the object itself (Object) or null (None). A list's metadata is kept; a single
/// object's Table carries its resourceVersion.
/// </summary>
internal static class TableTransform
{
    public static JsonObject Build(OutputForm form, ResourceType type, JsonObject body, bool isList, DateTimeOffset now)
    {
        var printer = PrinterCatalog.Find(type) ?? throw OutputNegotiation.NotAcceptable();
        var items = isList ? body["items"]!.AsArray().Select(i => (JsonObject)i!).ToList() : [body];
        var metadata = isList
            ? body["metadata"]?.DeepClone() ?? new JsonObject()
            : new JsonObject { ["resourceVersion"] = body["metadata"]?["resourceVersion"]?.DeepClone() };
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = form.ApiVersion,
            ["metadata"] = metadata,
            ["columnDefinitions"] = form.NoHeaders ? null : new JsonArray([.. printer.Columns.Select(c => (JsonNode)c.ToJson())]),
            ["rows"] = new JsonArray([.. items.Select(item => (JsonNode)Row(form, type, printer, item, now))]),
        };
    }

    private static JsonObject Row(OutputForm form, ResourceType type, ResourcePrinter printer, JsonObject item, DateTimeOffset now)
    {
        // Printers read the stored (core/v1) shape; events.k8s.io/v1 Events arrive renamed.
        var printed = type == ResourceCatalog.Events ? EventConverter.ToCore(item) : item;
        return new JsonObject
        {
            ["cells"] = new JsonArray(printer.Cells(printed, now)),
            ["object"] = form.IncludeObject switch
            {
                "None" => null,
                "Object" => WithKind(type, item),
                _ => OutputTransform.Partial(form, item),
            },
        };
    }

    private static JsonObject WithKind(ResourceType type, JsonObject item)
    {
        var result = new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion };
        foreach (var (key, value) in item.Where(kv => kv.Key is not ("kind" or "apiVersion")))
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }
}
