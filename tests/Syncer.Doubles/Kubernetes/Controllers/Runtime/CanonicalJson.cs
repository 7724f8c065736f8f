using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>
/// An object's JSON with every map's keys sorted: two templates that are the same compare and hash the same,
/// whatever order their labels were written in (Go's hashing walks maps sorted too).
/// </summary>
internal static class CanonicalJson
{
    public static string Of(object? value) => Sort(JsonNode.Parse(KubernetesJson.Serialize(value)), prune: false)?.ToJsonString() ?? "null";

    /// <summary>
    /// <see cref="Of"/> without nulls, empty objects and empty arrays: how two templates compare after the real
    /// server has decoded them (kubectl sends <c>creationTimestamp: null</c> and <c>resources: {}</c>, which a
    /// typed decode makes the same as leaving them out; this double keeps JSON as sent).
    /// </summary>
    public static string Semantic(object? value) => Sort(JsonNode.Parse(KubernetesJson.Serialize(value)), prune: true)?.ToJsonString() ?? "null";

    public static byte[] SemanticBytes(object? value) => Encoding.UTF8.GetBytes(Semantic(value));

    public static T Copy<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    private static JsonNode? Sort(JsonNode? node, bool prune) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sort(kv.Value, prune)))
            .Where(kv => !prune || !Empty(kv.Value))),
        JsonArray a => new JsonArray([.. a.Select(item => Sort(item, prune))]),
        _ => node?.DeepClone(),
    };

    private static bool Empty(JsonNode? node) => node is null or JsonObject { Count: 0 } or JsonArray { Count: 0 };
}
