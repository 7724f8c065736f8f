using System.Globalization;
using System.Text.Json.Nodes;
using Syncer.Spec;

namespace Syncer.Restart;

/// <summary>
/// The one patch that rolls a workload (a JSON merge patch, as for Secrets): the pod-template annotation
/// <c>syncer.io/restarted-at</c> (the rollout itself, as <c>kubectl rollout restart</c> does with its own annotation)
/// and the metadata annotation <c>syncer.io/rolled-for</c> with every revision it is rolled for, guarded by the
/// resourceVersion the decision was made on (409 if the workload changed since). No Secret data, no hash of it.
/// </summary>
internal static class RolloutPatch
{
    public static string Build(WorkloadRecord workload, IReadOnlyList<PendingRollout> owed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(owed);
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = workload.ResourceVersion,
                ["annotations"] = new JsonObject
                {
                    [SyncAnnotations.RolledFor] = RolledFor.Merge(workload.RolledFor, owed.Select(p => (p.Key.Name, p.Revision))),
                },
            },
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["annotations"] = new JsonObject { [SyncAnnotations.RestartedAt] = RestartedAt(workload, now) },
                    },
                },
            },
        };
        return patch.ToJsonString();
    }

    /// <summary>RFC 3339 in seconds, as kubectl writes; with milliseconds when a rollout in the same second would not change it.</summary>
    private static string RestartedAt(WorkloadRecord workload, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var sameSecond = workload.RestartedAt is { } last && last.ToUnixTimeSeconds() == now.ToUnixTimeSeconds();
        return utc.ToString(sameSecond ? "yyyy-MM-ddTHH:mm:ss.fffZ" : "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }
}
