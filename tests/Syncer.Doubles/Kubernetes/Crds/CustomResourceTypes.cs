using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Crds;

/// <summary>The resource types a stored CustomResourceDefinition serves: one per served version, once Established.</summary>
internal static class CustomResourceTypes
{
    public static IEnumerable<ResourceType> Of(JsonObject crd)
    {
        var spec = crd["spec"];
        var established = crd["status"]?["conditions"]?.AsArray()
            .Any(c => (string?)c?["type"] == "Established" && (string?)c["status"] == "True") == true;
        if (spec is null || !established || crd["metadata"]?["deletionTimestamp"] is not null)
        {
            yield break;
        }

        var group = (string?)spec["group"] ?? "";
        var names = spec["names"];
        var plural = (string?)names?["plural"] ?? "";
        foreach (var version in spec["versions"]?.AsArray() ?? [])
        {
            if ((bool?)version?["served"] != true)
            {
                continue;
            }

            yield return new ResourceType(
                group,
                (string)version!["name"]!,
                plural,
                (string?)names?["kind"] ?? "",
                (string?)spec["scope"] == "Namespaced",
                StorageKey(group, plural),
                Strings(names?["shortNames"]),
                GenerationRule.AllButMetadata,
                HasStatus: version["subresources"]?["status"] is not null,
                Categories: names?["categories"] is null ? null : Strings(names["categories"]),
                Custom: true) { SingularOverride = (string?)names?["singular"], ListKindOverride = (string?)names?["listKind"] };
        }
    }

    /// <summary>One bucket per CRD, whatever the version: objects are stored once and served in each version (conversion None).</summary>
    public static string StorageKey(string group, string plural) => $"cr:{plural}.{group}";

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => (string)n!)] : [];
}
