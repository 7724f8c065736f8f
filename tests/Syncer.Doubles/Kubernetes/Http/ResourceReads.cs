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
    private static readonly ResourceType ListOptions = new("meta.k8s.io", "v1", "listoptions", "ListOptions", false, "", []);

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
        var (atRv, start) = ListStart(query);
        var (all, listRv) = store.List(type.StorageKey, target.Namespace, atRv, start);
        var matching = all.Where(kv => labels.Matches(kv.Value) && fields.Matches(kv.Value)).ToList();
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

    /// <summary>
    /// Which resourceVersion a list is served at: a continue token's, an explicit one when the semantics are
    /// Exact (resourceVersionMatch=Exact, or limit without continue), else the latest ("0" and NotOlderThan).
    /// </summary>
    private (long? AtRv, string Start) ListStart(IQueryCollection query)
    {
        var rvText = query["resourceVersion"].ToString();
        var match = query["resourceVersionMatch"].ToString();
        var token = query["continue"].ToString();
        if (match.Length > 0 && rvText.Length == 0)
        {
            throw KubeErrors.Invalid(ListOptions, "", [FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided")]);
        }

        if (token.Length > 0)
        {
            if (rvText.Length > 0 && rvText != "0")
            {
                throw KubeErrors.BadRequest("specifying resource version is not allowed when using continue");
            }

            var (rv, start) = ContinueToken.Decode(token);
            if (rv < store.OldestRetained)
            {
                throw KubeErrors.Expired(
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }

            return (rv, start);
        }

        if (rvText.Length == 0 || rvText == "0")
        {
            return (null, "");
        }

        if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var exact))
        {
            throw KubeErrors.BadRequest($"invalid resource version: {rvText}");
        }

        var current = store.ResourceVersion;
        if (exact > current)
        {
            throw new KubeStatusException(504, KubeErrors.Status(504, "Timeout", $"Too large resource version: {exact}, current: {current}",
                new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }), ["retryAfterSeconds"] = 1 }));
        }

        if (match == "Exact" || (match.Length == 0 && query.ContainsKey("limit")))
        {
            if (exact < store.OldestRetained)
            {
                throw KubeErrors.Expired($"too old resource version: {exact} ({store.OldestRetained})");
            }

            return (exact, "");
        }

        return (null, "");
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
