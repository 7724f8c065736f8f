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
    public static string Of(object? value) => Sort(JsonNode.Parse(KubernetesJson.Serialize(value)))?.ToJsonString() ?? "null";

    public static byte[] Bytes(object? value) => Encoding.UTF8.GetBytes(Of(value));

    public static T Copy<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sort(kv.Value?.DeepClone())))),
        JsonArray a => new JsonArray([.. a.Select(item => Sort(item?.DeepClone()))]),
        _ => node?.DeepClone(),
    };
}
