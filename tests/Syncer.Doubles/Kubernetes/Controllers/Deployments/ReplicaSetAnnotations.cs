using System.Globalization;
using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Deployments;

/// <summary>
/// The annotations the Deployment controller keeps on ReplicaSets (deploymentutil.SetNewReplicaSetAnnotations):
/// the Deployment's own (but the skipped ones), the revision, the revisions a reused template had before, and the
/// desired and maximum replica counts.
/// </summary>
internal static class ReplicaSetAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    private const int MaxHistoryChars = 2000;

    private static readonly HashSet<string> NotCopied =
        ["kubectl.kubernetes.io/last-applied-configuration", Revision, RevisionHistory, DesiredReplicas, MaxReplicas, "deprecated.deployment.rollback.to"];

    public static long RevisionOf(V1ReplicaSet rs) =>
        long.TryParse(rs.GetAnnotation(Revision), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>Returns whether anything changed.</summary>
    public static bool SetForNewReplicaSet(V1Deployment d, V1ReplicaSet rs, long newRevision, bool exists)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (key, value) in (d.Metadata.Annotations ?? new Dictionary<string, string>()).Where(a => !NotCopied.Contains(a.Key)))
        {
            changed |= Set(annotations, key, value);
        }

        var hadRevision = annotations.ContainsKey(Revision);
        var oldRevision = RevisionOf(rs);
        if (oldRevision < newRevision)
        {
            annotations[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (hadRevision)
            {
                // Rolled back to this template: keep the revisions it had, within the length limit.
                var history = annotations.TryGetValue(RevisionHistory, out var h) && h.Length > 0 ? h.Split(',').ToList() : [];
                history.Add(oldRevision.ToString(CultureInfo.InvariantCulture));
                while (string.Join(',', history).Length > MaxHistoryChars)
                {
                    history.RemoveAt(0);
                }

                annotations[RevisionHistory] = string.Join(',', history);
            }
        }

        return (!exists && SetReplicaCounts(rs, RolloutMath.Desired(d), RolloutMath.Desired(d) + RolloutMath.MaxSurge(d))) || changed;
    }

    public static bool SetReplicaCounts(V1ReplicaSet rs, int desired, int max)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        return Set(annotations, DesiredReplicas, desired.ToString(CultureInfo.InvariantCulture))
            | Set(annotations, MaxReplicas, max.ToString(CultureInfo.InvariantCulture));
    }

    public static int? DesiredOf(V1ReplicaSet rs) =>
        int.TryParse(rs.GetAnnotation(DesiredReplicas), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static bool Set(IDictionary<string, string> annotations, string key, string value)
    {
        if (annotations.TryGetValue(key, out var current) && current == value)
        {
            return false;
        }

        annotations[key] = value;
        return true;
    }
}
