using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>
/// Just enough OpenAPI v3 for kubectl's field-validation probe: per group-version, the item paths with a PATCH
/// operation tagged with its GroupVersionKind and the <c>fieldValidation</c> query parameter. No schemas: kubectl
/// then leaves validation to the server and computes apply patches from its compiled-in types; `kubectl explain`
/// does not work.
/// </summary>
internal static class OpenApiV3
{
    public static JsonObject? Document(string path, ApiResources served) =>
        path.TrimEnd('/') switch
        {
            "/openapi/v3" => Root(served),
            var p when p.StartsWith("/openapi/v3/", StringComparison.Ordinal) => GroupVersion(served, p["/openapi/v3/".Length..]),
            _ => null,
        };

    private static JsonObject Root(ApiResources served)
    {
        var paths = new JsonObject();
        foreach (var (group, version) in served.GroupVersions)
        {
            var key = Key(group, version);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash=0" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    private static JsonObject? GroupVersion(ApiResources served, string key)
    {
        var types = served.All.Where(r => Key(r.Group, r.Version) == key).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var type in types.Where(t => !t.CreateOnly)) // reviews have a POST only: nothing to patch
        {
            var scope = type.Namespaced ? "/namespaces/{namespace}" : "";
            paths[$"/{key}{scope}/{type.Plural}/{{name}}"] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["kind"] = type.Kind, ["version"] = type.Version },
                    ["parameters"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "fieldValidation",
                        ["in"] = "query",
                        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
                    }),
                    ["responses"] = new JsonObject(),
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static string Key(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
}
