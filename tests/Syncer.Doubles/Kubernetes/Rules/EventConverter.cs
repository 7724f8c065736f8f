using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>
/// Events are stored once, in the core/v1 shape, and served through core/v1 and events.k8s.io/v1 (as the real
/// server converts both to its internal type). This maps the renamed fields
/// [k8s pkg/apis/events/v1/conversion.go].
/// </summary>
internal static class EventConverter
{
    private static readonly (string Core, string Events)[] Renames =
    [
        ("involvedObject", "regarding"),
        ("message", "note"),
        ("reportingComponent", "reportingController"),
        ("source", "deprecatedSource"),
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"),
    ];

    public static JsonObject ToCore(JsonObject eventsV1) => Rename(eventsV1, toCore: true);

    public static JsonObject ToEventsV1(JsonObject core) => Rename(core, toCore: false);

    private static JsonObject Rename(JsonObject source, bool toCore)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            var renamed = Renames.FirstOrDefault(r => (toCore ? r.Events : r.Core) == key);
            var target = renamed == default ? key : (toCore ? renamed.Core : renamed.Events);
            result[target] = value?.DeepClone();
        }

        return result;
    }
}
