using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>
/// Service defaults (core/v1 defaults.go and the registry's IP allocation): type ClusterIP, sessionAffinity None,
/// a cluster IP from 10.96.0.0/16 (picked from the name, kept on updates), IPv4 single stack, internalTrafficPolicy
/// Cluster, each port's protocol TCP and targetPort its port; status.loadBalancer {}. No Endpoints are made.
/// </summary>
internal static class ServiceRules
{
    public static void Default(JsonObject service, JsonObject? old)
    {
        var spec = service["spec"] as JsonObject ?? [];
        service["spec"] = spec;
        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        if ((string?)spec["type"] != "ExternalName" && (string?)spec["clusterIP"] is null or "")
        {
            var ip = (string?)old?["spec"]?["clusterIP"] ?? ClusterIp((string?)service["metadata"]?["namespace"] + "/" + (string?)service["metadata"]?["name"]);
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
        }

        spec["ipFamilies"] ??= new JsonArray("IPv4");
        spec["ipFamilyPolicy"] ??= "SingleStack";
        spec["internalTrafficPolicy"] ??= "Cluster";
        foreach (var port in spec["ports"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            port["protocol"] ??= "TCP";
            port["targetPort"] ??= port["port"]?.DeepClone();
        }
    }

    private static string ClusterIp(string key)
    {
        var hash = (uint)key.Aggregate(17, (h, c) => unchecked((h * 31) + c));
        return $"10.96.{(hash >> 8) % 256}.{Math.Max(2, hash % 255)}";
    }
}
