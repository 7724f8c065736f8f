using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>
/// What the pod strategy fills in on create (k8s pkg/registry/core/pod/strategy.go): the status is reset to
/// Pending with the pod's QoS class. Nothing else of the kubelet's or the scheduler's work happens here.
/// </summary>
internal static class PodRules
{
    public static JsonObject CreatedStatus(JsonObject pod) => new()
    {
        ["phase"] = "Pending",
        ["qosClass"] = QosClass(pod),
    };

    /// <summary>
    /// BestEffort without any cpu/memory request or limit; Guaranteed when every container limits both and its
    /// requests (if given) equal the limits; Burstable otherwise (k8s pkg/apis/core/helper/qos, simplified:
    /// quantities are compared as written).
    /// </summary>
    private static string QosClass(JsonObject pod)
    {
        var containers = new[] { "initContainers", "containers" }
            .SelectMany(list => pod["spec"]?[list] as JsonArray ?? [])
            .Select(c => c?["resources"] as JsonObject ?? [])
            .ToList();
        string?[] Values(JsonObject resources, string kind) =>
            [resources[kind]?["cpu"]?.ToString(), resources[kind]?["memory"]?.ToString()];

        if (containers.All(r => Values(r, "requests").Concat(Values(r, "limits")).All(v => v is null)))
        {
            return "BestEffort";
        }

        var guaranteed = containers.All(r =>
        {
            var limits = Values(r, "limits");
            var requests = Values(r, "requests");
            return limits.All(v => v is not null) && requests.Zip(limits).All(p => p.First is null || p.First == p.Second);
        });
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
