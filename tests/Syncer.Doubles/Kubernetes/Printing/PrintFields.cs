using System.Globalization;
using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Printing;

/// <summary>Reading the fields printers show from an object kept as JSON, with Go's zero values for absent ones.</summary>
internal static class PrintFields
{
    public static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    public static long Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    public static string Name(JsonObject obj) => Str(obj["metadata"]?["name"]);

    public static string Age(JsonObject obj, DateTimeOffset now) => HumanDuration.Since(Time(obj["metadata"]?["creationTimestamp"]), now);

    public static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse(Str(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static int Count(JsonNode? node) => node switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    /// <summary>A workload's desired replicas: spec.replicas, defaulted to 1 as the apps/v1 defaulting does.</summary>
    public static long Replicas(JsonObject obj) => obj["spec"]?["replicas"] is { } r ? Int(r) : 1;

    /// <summary>layoutContainerCells: container names and images, comma-joined.</summary>
    public static (string Names, string Images) Containers(JsonNode? podTemplate)
    {
        var containers = (podTemplate?["spec"]?["containers"] as JsonArray ?? []).ToList();
        return (string.Join(",", containers.Select(c => Str(c?["name"]))), string.Join(",", containers.Select(c => Str(c?["image"]))));
    }

    /// <summary>labels.FormatLabels: sorted "k=v" pairs, "&lt;none&gt;" when empty.</summary>
    public static string Labels(JsonNode? map)
    {
        var pairs = (map as JsonObject ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={Str(kv.Value)}").ToList();
        return pairs.Count == 0 ? "<none>" : string.Join(",", pairs);
    }

    /// <summary>
    /// metav1.LabelSelectorAsSelector(...).String(): matchLabels as "k=v", matchExpressions as "k in (a,b)",
    /// "k notin (a)", "k", "!k", sorted by key; "" for a missing or empty selector.
    /// </summary>
    public static string Selector(JsonNode? selector)
    {
        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector?["matchLabels"] as JsonObject ?? [])
        {
            requirements.Add((key, $"{key}={Str(value)}"));
        }

        foreach (var expression in selector?["matchExpressions"] as JsonArray ?? [])
        {
            var key = Str(expression?["key"]);
            var values = string.Join(",", (expression?["values"] as JsonArray ?? []).Select(Str).Order(StringComparer.Ordinal));
            requirements.Add((key, Str(expression?["operator"]) switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "DoesNotExist" => $"!{key}",
                _ => key,
            }));
        }

        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    /// <summary>metav1.FormatLabelSelector: the selector string, "&lt;none&gt;" when empty.</summary>
    public static string FormatSelector(JsonNode? selector) => Selector(selector) is { Length: > 0 } s ? s : "<none>";
}
