using System.Text.Json.Nodes;
using static Syncer.Doubles.Kubernetes.Printing.PrintFields;

namespace Syncer.Doubles.Kubernetes.Printing;

/// <summary>printers.go for Secrets, ConfigMaps, ServiceAccounts, Namespaces, Leases and Events.</summary>
internal static class CorePrinters
{
    public static readonly ResourcePrinter Secret = new(
        [TableColumn.ObjectName(), new("Type", "string", ColumnDescriptions.SecretType), new("Data", "string", ColumnDescriptions.SecretData), TableColumn.Age()],
        (o, now) => [Name(o), Str(o["type"]), Count(o["data"]), Age(o, now)]);

    public static readonly ResourcePrinter ConfigMap = new(
        [TableColumn.ObjectName(), new("Data", "string", ColumnDescriptions.ConfigMapData), TableColumn.Age()],
        (o, now) => [Name(o), Count(o["data"]) + Count(o["binaryData"]), Age(o, now)]);

    public static readonly ResourcePrinter ServiceAccount = new(
        [TableColumn.ObjectName(), new("Secrets", "string", ColumnDescriptions.ServiceAccountSecrets), TableColumn.Age()],
        (o, now) => [Name(o), Count(o["secrets"]), Age(o, now)]);

    public static readonly ResourcePrinter Namespace = new(
        [TableColumn.ObjectName(), new("Status", "string", "The status of the namespace"), TableColumn.Age()],
        (o, now) => [Name(o), Str(o["status"]?["phase"]), Age(o, now)]);

    public static readonly ResourcePrinter Lease = new(
        [TableColumn.ObjectName(), new("Holder", "string", ColumnDescriptions.LeaseHolder), TableColumn.Age()],
        (o, now) => [Name(o), Str(o["spec"]?["holderIdentity"]), Age(o, now)]);

    public static readonly ResourcePrinter Event = new(
        [
            new("Last Seen", "string", ColumnDescriptions.EventLastTimestamp),
            new("Type", "string", ColumnDescriptions.EventType),
            new("Reason", "string", ColumnDescriptions.EventReason),
            new("Object", "string", ColumnDescriptions.EventObject),
            new("Subobject", "string", ColumnDescriptions.EventFieldPath, 1),
            new("Source", "string", ColumnDescriptions.EventSource, 1),
            new("Message", "string", ColumnDescriptions.EventMessage),
            new("First Seen", "string", ColumnDescriptions.EventFirstTimestamp, 1),
            new("Count", "string", ColumnDescriptions.EventCount, 1),
            TableColumn.ObjectName(priority: 1),
        ],
        EventCells);

    /// <summary>printEvent, on the core/v1 shape (events.k8s.io/v1 Events are stored that way too).</summary>
    private static JsonNode?[] EventCells(JsonObject e, DateTimeOffset now)
    {
        var first = Time(e["firstTimestamp"]) is { } f ? HumanDuration.Since(f, now) : HumanDuration.Since(Time(e["eventTime"]), now);
        var last = Time(e["lastTimestamp"]) is { } l ? HumanDuration.Since(l, now) : first;
        var count = Int(e["count"]);
        if (e["series"] is JsonObject series)
        {
            last = HumanDuration.Since(Time(series["lastObservedTime"]), now);
            count = Int(series["count"]);
        }
        else if (count == 0)
        {
            count = 1; // singleton events of the new API carry no count
        }

        var involved = e["involvedObject"];
        var kind = Str(involved?["kind"]).ToLowerInvariant();
        var target = Str(involved?["name"]) is { Length: > 0 } name ? $"{kind}/{name}" : kind;
        var component = Str(e["source"]?["component"]) is { Length: > 0 } c ? c : Str(e["reportingComponent"]);
        var host = Str(e["source"]?["host"]) is { Length: > 0 } h ? h : Str(e["reportingInstance"]);
        var source = host.Length == 0 ? component : $"{component}, {host}";
        return [last, Str(e["type"]), Str(e["reason"]), target, Str(involved?["fieldPath"]), source, Str(e["message"]).Trim(), first, count, Name(e)];
    }
}
