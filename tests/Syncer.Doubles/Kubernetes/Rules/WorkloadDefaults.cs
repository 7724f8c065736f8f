using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>
/// The apps/v1 defaults the API server fills in on every write of a workload (k8s pkg/apis/apps/v1/defaults.go),
/// for the spec fields controllers and <c>kubectl rollout</c> read: replicas, strategy, history limit, progress
/// deadline. Pod-template defaults (restartPolicy, dnsPolicy, imagePullPolicy, ...) are not filled in.
/// </summary>
internal static class WorkloadDefaults
{
    public static void Apply(ResourceType type, JsonObject obj)
    {
        if (type != ResourceCatalog.Deployments && type != ResourceCatalog.StatefulSets
            && type != ResourceCatalog.DaemonSets && type != ResourceCatalog.ReplicaSets)
        {
            return;
        }

        var spec = Child(obj, "spec");
        if (type != ResourceCatalog.DaemonSets)
        {
            spec["replicas"] ??= 1;
        }

        if (type == ResourceCatalog.Deployments)
        {
            var strategy = Child(spec, "strategy");
            if (DefaultType(strategy))
            {
                var rollingUpdate = Child(strategy, "rollingUpdate");
                rollingUpdate["maxUnavailable"] ??= "25%";
                rollingUpdate["maxSurge"] ??= "25%";
            }

            spec["progressDeadlineSeconds"] ??= 600;
        }
        else if (type == ResourceCatalog.StatefulSets)
        {
            spec["podManagementPolicy"] ??= "OrderedReady";
            var strategy = Child(spec, "updateStrategy");
            if (string.IsNullOrEmpty((string?)strategy["type"]))
            {
                strategy["type"] = "RollingUpdate";
                strategy["rollingUpdate"] ??= new JsonObject();
            }

            if ((string?)strategy["type"] == "RollingUpdate" && strategy["rollingUpdate"] is JsonObject rollingUpdate)
            {
                rollingUpdate["partition"] ??= 0;
            }

            var retention = Child(spec, "persistentVolumeClaimRetentionPolicy");
            retention["whenDeleted"] ??= "Retain";
            retention["whenScaled"] ??= "Retain";
        }
        else if (type == ResourceCatalog.DaemonSets && DefaultType(Child(spec, "updateStrategy")))
        {
            var rollingUpdate = Child(Child(spec, "updateStrategy"), "rollingUpdate");
            rollingUpdate["maxUnavailable"] ??= 1;
            rollingUpdate["maxSurge"] ??= 0;
        }

        if (type != ResourceCatalog.ReplicaSets)
        {
            spec["revisionHistoryLimit"] ??= 10;
        }
    }

    /// <summary>An empty strategy type becomes RollingUpdate; true when the type is RollingUpdate.</summary>
    private static bool DefaultType(JsonObject strategy)
    {
        if (string.IsNullOrEmpty((string?)strategy["type"]))
        {
            strategy["type"] = "RollingUpdate";
        }

        return (string?)strategy["type"] == "RollingUpdate";
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is not JsonObject child)
        {
            child = [];
            parent[name] = child;
        }

        return child;
    }
}
