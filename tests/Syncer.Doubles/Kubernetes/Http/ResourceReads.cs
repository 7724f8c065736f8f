using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Rules;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>GET of one object and of a collection (selectors, limit/continue at a consistent resourceVersion).</summary>
internal sealed class ResourceReads(ObjectStore store)
{
    public JsonObject Get(ApiTarget target)
    {
        var stored = store.Get(target.Type.StorageKey, target.Namespace ?? "", target.Name!)
            ?? throw KubeErrors.NotFound(target.Type, target.Name!);
        return ResourceRules.ToWire(target.Type, stored, withKind: true);
    }

    public JsonObject List(ApiTarget target, IQueryCollection query)
    {
        var type = target.Type;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(type, query["fieldSelector"]);
        var limit = long.TryParse(query["limit"], out var l) && l > 0 ? l : long.MaxValue;
        long? atRv = null;
        var start = "";
        if (query["continue"].ToString() is { Length: > 0 } token)
        {
            (var rv, start) = ContinueToken.Decode(token);
            if (rv < store.OldestRetained)
            {
                throw KubeErrors.Expired(
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }

            atRv = rv;
        }

        var (all, listRv) = store.List(type.StorageKey, target.Namespace, atRv);
        var matching = all
            .Where(kv => string.CompareOrdinal(kv.Key, start) >= 0)
            .Where(kv => labels.Matches(kv.Value) && fields.Matches(kv.Value))
            .ToList();
        var page = matching.Take((int)Math.Min(limit, int.MaxValue)).ToList();
        var metadata = new JsonObject { ["resourceVersion"] = listRv.ToString(CultureInfo.InvariantCulture) };
        if (page.Count < matching.Count)
        {
            metadata["continue"] = ContinueToken.Encode(listRv, page[^1].Key);
            if (string.IsNullOrEmpty(query["labelSelector"]) && string.IsNullOrEmpty(query["fieldSelector"]))
            {
                metadata["remainingItemCount"] = matching.Count - page.Count;
            }
        }

        return new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. page.Select(kv => (JsonNode)ResourceRules.ToWire(type, kv.Value, withKind: false))]),
        };
    }

    /// <summary>Whether an object is in the watched/listed set (namespace, labels, fields).</summary>
    public static Func<JsonObject, bool> Filter(ApiTarget target, IQueryCollection query)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(target.Type, query["fieldSelector"]);
        var ns = target.Namespace;
        var name = target.Name;
        return o => (ns is null || (string?)o["metadata"]?["namespace"] == ns)
            && (name is null || (string?)o["metadata"]?["name"] == name)
            && labels.Matches(o) && fields.Matches(o);
    }
}
