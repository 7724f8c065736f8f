using System.Text.Json.Nodes;
using static Syncer.Doubles.Kubernetes.Printing.PrintFields;

namespace Syncer.Doubles.Kubernetes.Printing;

/// <summary>printers.go for Deployments, ReplicaSets, StatefulSets, DaemonSets and ControllerRevisions.</summary>
internal static class WorkloadPrinters
{
    public static readonly ResourcePrinter Deployment = new(
        [
            TableColumn.ObjectName(),
            new("Ready", "string", ColumnDescriptions.Ready),
            new("Up-to-date", "string", ColumnDescriptions.DeploymentUpdated),
            new("Available", "string", ColumnDescriptions.DeploymentAvailable),
            TableColumn.Age(),
            TableColumn.Containers(),
            TableColumn.Images(),
            new("Selector", "string", ColumnDescriptions.DeploymentSelector, 1),
        ],
        (o, now) =>
        {
            var status = o["status"];
            var (names, images) = Containers(o["spec"]?["template"]);
            return [Name(o), $"{Int(status?["readyReplicas"])}/{Replicas(o)}", Int(status?["updatedReplicas"]), Int(status?["availableReplicas"]),
                Age(o, now), names, images, Selector(o["spec"]?["selector"])];
        });

    public static readonly ResourcePrinter ReplicaSet = new(
        [
            TableColumn.ObjectName(),
            new("Desired", "integer", ColumnDescriptions.ReplicaSetDesired),
            new("Current", "integer", ColumnDescriptions.ReplicaSetCurrent),
            new("Ready", "integer", ColumnDescriptions.ReplicaSetReady),
            TableColumn.Age(),
            TableColumn.Containers(),
            TableColumn.Images(),
            new("Selector", "string", ColumnDescriptions.ReplicaSetSelector, 1),
        ],
        (o, now) =>
        {
            var (names, images) = Containers(o["spec"]?["template"]);
            return [Name(o), Replicas(o), Int(o["status"]?["replicas"]), Int(o["status"]?["readyReplicas"]), Age(o, now),
                names, images, FormatSelector(o["spec"]?["selector"])];
        });

    public static readonly ResourcePrinter StatefulSet = new(
        [TableColumn.ObjectName(), new("Ready", "string", ColumnDescriptions.Ready), TableColumn.Age(), TableColumn.Containers(), TableColumn.Images()],
        (o, now) =>
        {
            var (names, images) = Containers(o["spec"]?["template"]);
            return [Name(o), $"{Int(o["status"]?["readyReplicas"])}/{Replicas(o)}", Age(o, now), names, images];
        });

    public static readonly ResourcePrinter DaemonSet = new(
        [
            TableColumn.ObjectName(),
            new("Desired", "integer", ColumnDescriptions.DaemonSetDesired),
            new("Current", "integer", ColumnDescriptions.DaemonSetCurrent),
            new("Ready", "integer", ColumnDescriptions.DaemonSetReady),
            new("Up-to-date", "integer", ColumnDescriptions.DaemonSetUpdated),
            new("Available", "integer", ColumnDescriptions.DaemonSetAvailable),
            new("Node Selector", "string", ColumnDescriptions.NodeSelector),
            TableColumn.Age(),
            TableColumn.Containers(),
            TableColumn.Images(),
            new("Selector", "string", ColumnDescriptions.DaemonSetSelector, 1),
        ],
        (o, now) =>
        {
            var status = o["status"];
            var template = o["spec"]?["template"];
            var (names, images) = Containers(template);
            return [Name(o), Int(status?["desiredNumberScheduled"]), Int(status?["currentNumberScheduled"]), Int(status?["numberReady"]),
                Int(status?["updatedNumberScheduled"]), Int(status?["numberAvailable"]), Labels(template?["spec"]?["nodeSelector"]),
                Age(o, now), names, images, FormatSelector(o["spec"]?["selector"])];
        });

    public static readonly ResourcePrinter ControllerRevision = new(
        [
            TableColumn.ObjectName(),
            new("Controller", "string", "Controller of the object"),
            new("Revision", "string", ColumnDescriptions.Revision),
            TableColumn.Age(),
        ],
        (o, now) => [Name(o), Controller(o), Int(o["revision"]), Age(o, now)]);

    /// <summary>"statefulset.apps/web" for the controlling owner (formatResourceName), "&lt;none&gt;" without one.</summary>
    private static string Controller(JsonObject o)
    {
        var owner = (o["metadata"]?["ownerReferences"] as JsonArray ?? []).FirstOrDefault(r => r?["controller"] is JsonValue c && c.TryGetValue<bool>(out var b) && b);
        if (owner is null)
        {
            return "<none>";
        }

        var apiVersion = Str(owner["apiVersion"]);
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        var kind = Str(owner["kind"]).ToLowerInvariant();
        return group.Length == 0 ? $"{kind}/{Str(owner["name"])}" : $"{kind}.{group}/{Str(owner["name"])}";
    }
}
