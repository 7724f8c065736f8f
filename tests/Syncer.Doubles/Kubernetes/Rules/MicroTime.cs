using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>
/// metav1.MicroTime decoding: the layout "2006-01-02T15:04:05.000000Z07:00" needs exactly six fractional digits;
/// anything else fails to decode (400), as on the real server.
/// </summary>
internal static partial class MicroTime
{
    private const string Layout = "2006-01-02T15:04:05.000000Z07:00";

    /// <summary>Throws 400 if a MicroTime field of <paramref name="type"/> is not in the strict layout.</summary>
    public static void Check(ResourceType type, JsonObject obj)
    {
        string[] paths = type.StorageKey switch
        {
            "leases" => ["spec.acquireTime", "spec.renewTime"],
            "events" => ["eventTime", "series.lastObservedTime"],
            _ => [],
        };
        foreach (var path in paths)
        {
            JsonNode? node = obj;
            foreach (var part in path.Split('.'))
            {
                node = node is JsonObject o ? o[part] : null;
            }

            if (node is JsonValue value && value.TryGetValue<string>(out var text) && !Strict().IsMatch(text))
            {
                var rest = text.Length > 19 ? text[19..] : text;
                throw KubeErrors.BadRequest(
                    $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: parsing time \"{text}\" as \"{Layout}\": cannot parse \"{rest}\" as \".000000\"");
            }
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Strict();
}
