using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>
/// Legacy (unaggregated) discovery: /version, /api, /api/v1, /apis, /apis/{group}[/{version}]. Clients that ask
/// for aggregated discovery (apidiscovery.k8s.io v2) get these plain documents and fall back, as kubectl does.
/// </summary>
internal static class Discovery
{
    private static readonly string[] Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject? Document(string path, Uri baseAddress, ApiResources served)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            ["version"] => Version(),
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
                {
                    ["clientCIDR"] = "0.0.0.0/0",
                    ["serverAddress"] = $"{baseAddress.Host}:{baseAddress.Port}",
                }),
            },
            ["api", "v1"] => ResourceList(served, "", "v1"),
            ["apis"] => new JsonObject
            {
                ["kind"] = "APIGroupList",
                ["apiVersion"] = "v1",
                ["groups"] = new JsonArray([.. Groups(served).Select(g => (JsonNode)Group(served, g))]),
            },
            ["apis", var group] when Groups(served).Contains(group) => Group(served, group),
            ["apis", var group, var version] when served.GroupVersions.Contains((group, version)) => ResourceList(served, group, version),
            _ => null,
        };
    }

    private static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2024-12-11T00:00:00Z",
        ["goVersion"] = "go1.23.3",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static IEnumerable<string> Groups(ApiResources served) =>
        served.GroupVersions.Where(gv => gv.Group.Length > 0).Select(gv => gv.Group).Distinct();

    private static JsonObject Group(ApiResources served, string group)
    {
        var versions = served.GroupVersions.Where(gv => gv.Group == group)
            .Select(gv => new JsonObject { ["groupVersion"] = $"{group}/{gv.Version}", ["version"] = gv.Version }).ToList();
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)v)]),
            ["preferredVersion"] = versions[0].DeepClone(),
        };
    }

    private static JsonObject ResourceList(ApiResources served, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in served.All.Where(r => r.Group == group && r.Version == version))
        {
            resources.Add(new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.SingularName,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray([.. (type.CreateOnly ? ["create"] : Verbs).Select(v => (JsonNode)v)]),
                ["shortNames"] = type.ShortNames.Count == 0 ? null : new JsonArray([.. type.ShortNames.Select(s => (JsonNode)s)]),
                ["categories"] = type.Categories is null ? null : new JsonArray([.. type.Categories.Select(c => (JsonNode)c)]),
            });
            if (type.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = $"{type.Plural}/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }

            if (type == ResourceCatalog.ServiceAccounts)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = "serviceaccounts/token",
                    ["singularName"] = "",
                    ["namespaced"] = true,
                    ["group"] = ResourceCatalog.TokenRequests.Group,
                    ["version"] = ResourceCatalog.TokenRequests.Version,
                    ["kind"] = ResourceCatalog.TokenRequests.Kind,
                    ["verbs"] = new JsonArray("create"),
                });
            }
        }

        foreach (var entry in resources.OfType<JsonObject>())
        {
            foreach (var empty in new[] { "shortNames", "categories" }.Where(key => entry.ContainsKey(key) && entry[key] is null))
            {
                entry.Remove(empty);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }
}
