using System.Text.Json.Nodes;
using static Syncer.Doubles.Kubernetes.Printing.PrintFields;

namespace Syncer.Doubles.Kubernetes.Printing;

/// <summary>
/// printers.go for Pods and Nodes. Pods: the common path of printPod (phase or status.reason, container
/// waiting/terminated reasons, ready/total, restarts with "(x ago)", Terminating); init containers only count
/// towards restarts. Nodes: Ready condition, SchedulingDisabled, roles from node-role labels.
/// </summary>
internal static class PodAndNodePrinters
{
    public static readonly ResourcePrinter Pod = new(
        [
            TableColumn.ObjectName(),
            new("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
            new("Status", "string", "The aggregate status of the containers in this pod."),
            new("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            TableColumn.Age(),
            new("IP", "string", ColumnDescriptions.PodIp, 1),
            new("Node", "string", ColumnDescriptions.PodNode, 1),
            new("Nominated Node", "string", ColumnDescriptions.PodNominatedNode, 1),
            new("Readiness Gates", "string", ColumnDescriptions.PodReadinessGates, 1),
        ],
        PodCells);

    public static readonly ResourcePrinter Node = new(
        [
            TableColumn.ObjectName(),
            new("Status", "string", "The status of the node"),
            new("Roles", "string", "The roles of the node"),
            TableColumn.Age(),
            new("Version", "string", ColumnDescriptions.KubeletVersion),
            new("Internal-IP", "string", ColumnDescriptions.NodeAddresses, 1),
            new("External-IP", "string", ColumnDescriptions.NodeAddresses, 1),
            new("OS-Image", "string", ColumnDescriptions.OsImage, 1),
            new("Kernel-Version", "string", ColumnDescriptions.KernelVersion, 1),
            new("Container-Runtime", "string", ColumnDescriptions.ContainerRuntime, 1),
        ],
        NodeCells);

    private static JsonNode?[] PodCells(JsonObject pod, DateTimeOffset now)
    {
        var status = pod["status"];
        var reason = Str(status?["reason"]) is { Length: > 0 } r ? r : Str(status?["phase"]);
        long restarts = 0, ready = 0;
        DateTimeOffset? lastRestart = null;
        var statuses = (status?["containerStatuses"] as JsonArray ?? []).ToList();
        foreach (var container in (status?["initContainerStatuses"] as JsonArray ?? []).Concat(statuses))
        {
            restarts += Int(container?["restartCount"]);
            if (Time(container?["lastState"]?["terminated"]?["finishedAt"]) is { } finished && (lastRestart is null || finished > lastRestart))
            {
                lastRestart = finished;
            }
        }

        foreach (var container in Enumerable.Reverse(statuses))
        {
            var state = container?["state"];
            if (Str(state?["waiting"]?["reason"]) is { Length: > 0 } waiting)
            {
                reason = waiting;
            }
            else if (state?["terminated"] is { } terminated)
            {
                reason = Str(terminated["reason"]) is { Length: > 0 } t ? t
                    : Int(terminated["signal"]) != 0 ? $"Signal:{Int(terminated["signal"])}" : $"ExitCode:{Int(terminated["exitCode"])}";
            }
            else if (container?["ready"] is JsonValue v && v.TryGetValue<bool>(out var isReady) && isReady && state?["running"] is not null)
            {
                ready++;
            }
        }

        if (pod["metadata"]?["deletionTimestamp"] is not null && Str(status?["phase"]) is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        var total = PrintFields.Count(pod["spec"]?["containers"]);
        var restartText = restarts != 0 && lastRestart is { } last ? $"{restarts} ({HumanDuration.Since(last, now)} ago)" : $"{restarts}";
        var ip = Str((status?["podIPs"] as JsonArray)?.FirstOrDefault()?["ip"]);
        var conditions = (status?["conditions"] as JsonArray ?? []).ToList();
        var gates = (pod["spec"]?["readinessGates"] as JsonArray ?? []).Select(g => Str(g?["conditionType"])).ToList();
        var passed = gates.Count(g => Str(conditions.FirstOrDefault(c => Str(c?["type"]) == g)?["status"]) == "True");
        return [Name(pod), $"{ready}/{total}", reason, restartText, Age(pod, now), Or(ip), Or(Str(pod["spec"]?["nodeName"])),
            Or(Str(status?["nominatedNodeName"])), gates.Count == 0 ? "<none>" : $"{passed}/{gates.Count}"];
    }

    private static JsonNode?[] NodeCells(JsonObject node, DateTimeOffset now)
    {
        var readyCondition = (node["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => Str(c?["type"]) == "Ready");
        var states = new List<string> { readyCondition is null ? "Unknown" : Str(readyCondition["status"]) == "True" ? "Ready" : "NotReady" };
        if (node["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var unschedulable) && unschedulable)
        {
            states.Add("SchedulingDisabled");
        }

        var roles = (node["metadata"]?["labels"] as JsonObject ?? [])
            .Select(kv => kv.Key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) ? kv.Key["node-role.kubernetes.io/".Length..]
                : kv.Key == "kubernetes.io/role" ? Str(kv.Value) : "")
            .Where(role => role.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        var info = node["status"]?["nodeInfo"];
        string Address(string type) => Or(Str((node["status"]?["addresses"] as JsonArray ?? []).FirstOrDefault(a => Str(a?["type"]) == type)?["address"]));
        return [Name(node), string.Join(",", states), roles.Count == 0 ? "<none>" : string.Join(",", roles), Age(node, now), Str(info?["kubeletVersion"]),
            Address("InternalIP"), Address("ExternalIP"), Unknown(Str(info?["osImage"])), Unknown(Str(info?["kernelVersion"])), Unknown(Str(info?["containerRuntimeVersion"]))];
    }

    private static string Or(string value) => value.Length == 0 ? "<none>" : value;

    private static string Unknown(string value) => value.Length == 0 ? "<unknown>" : value;
}
