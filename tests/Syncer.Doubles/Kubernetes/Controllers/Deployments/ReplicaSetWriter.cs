using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;
using static Syncer.Doubles.Kubernetes.Controllers.Deployments.DeploymentConditions;

namespace Syncer.Doubles.Kubernetes.Controllers.Deployments;

/// <summary>
/// The Deployment controller's writes to its ReplicaSets: the new one found or made, sizes, and old ones cleaned
/// up. What it records on the Deployment (revision annotation, Progressing notes) goes into the in-memory copy
/// that the controller writes to /status at the end of its pass.
/// </summary>
internal sealed class ReplicaSetWriter(ControllerContext cluster, Expectations expectations)
{
    /// <summary>
    /// getNewReplicaSet: the ReplicaSet of the current template with its annotations brought up to date, or (when
    /// <paramref name="create"/>) a new one; the revision goes on the Deployment and the Progressing condition
    /// notes a created or found ReplicaSet.
    /// </summary>
    public async Task<V1ReplicaSet?> SyncNewAsync(V1Deployment d, V1ReplicaSet? newRs, List<V1ReplicaSet> old, bool create, DateTime now, CancellationToken ct)
    {
        var revision = old.Count == 0 ? 1 : old.Max(ReplicaSetAnnotations.RevisionOf) + 1;
        if (newRs is not null)
        {
            var copy = CanonicalJson.Copy(newRs);
            if (ReplicaSetAnnotations.SetForNewReplicaSet(d, copy, revision, exists: true) | copy.Spec.MinReadySeconds != d.Spec.MinReadySeconds)
            {
                copy.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
                newRs = await cluster.Client.AppsV1.ReplaceNamespacedReplicaSetAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty, cancellationToken: ct);
            }

            d.SetAnnotation(ReplicaSetAnnotations.Revision, ReplicaSetAnnotations.RevisionOf(newRs).ToString(CultureInfo.InvariantCulture));
            if (DeploymentStatusCalculator.HasProgressDeadline(d) && Get(d.Status, Progressing) is null)
            {
                Set(d.Status, New(Progressing, "True", FoundNewReplicaSet, $"Found new replica set \"{newRs.Metadata.Name}\"", now));
            }

            return newRs;
        }

        if (!create)
        {
            return null;
        }

        var rs = ReplicaSetTemplates.New(d, 0);
        rs.Spec.Replicas = RolloutMath.NewReplicaSetReplicas(d, [.. old, rs], 0);
        ReplicaSetAnnotations.SetForNewReplicaSet(d, rs, revision, exists: false);
        V1ReplicaSet created;
        expectations.ExpectCreations(d.Metadata.Uid, 1);
        try
        {
            created = await cluster.Client.AppsV1.CreateNamespacedReplicaSetAsync(rs, rs.Metadata.NamespaceProperty, cancellationToken: ct);
            Log.Created(cluster.Logger, "ReplicaSet", ObjectKey.Of(created));
            if (DeploymentStatusCalculator.HasProgressDeadline(d))
            {
                Set(d.Status, New(Progressing, "True", NewReplicaSetCreated, $"Created new replica set \"{created.Metadata.Name}\"", now));
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            expectations.CreationObserved(d.Metadata.Uid);
            created = await cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync(rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: ct);
            if (!Owners.IsControlledBy(created, d) || !ReplicaSetTemplates.Matches(created, d))
            {
                // Another template hashed to the same name: hash again with a higher collision count.
                d.Status.CollisionCount = (d.Status.CollisionCount ?? 0) + 1;
                await cluster.Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: ct);
                throw new InvalidOperationException($"replicaset {rs.Metadata.Name} exists with another template; collisionCount is now {d.Status.CollisionCount}");
            }
        }
        catch
        {
            expectations.CreationObserved(d.Metadata.Uid); // nothing will show
            throw;
        }

        d.SetAnnotation(ReplicaSetAnnotations.Revision, revision.ToString(CultureInfo.InvariantCulture));
        return created;
    }

    /// <summary>Resizes ReplicaSets (with their desired/max annotations), each with an update that carries its resourceVersion.</summary>
    public async Task ScaleAsync(V1Deployment d, Dictionary<V1ReplicaSet, int> sizes, CancellationToken ct)
    {
        foreach (var (rs, replicas) in sizes)
        {
            var copy = CanonicalJson.Copy(rs);
            copy.Spec.Replicas = replicas;
            ReplicaSetAnnotations.SetReplicaCounts(copy, RolloutMath.Desired(d), RolloutMath.Desired(d) + RolloutMath.MaxSurge(d));
            await cluster.Client.AppsV1.ReplaceNamespacedReplicaSetAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty, cancellationToken: ct);
            Log.Scaled(cluster.Logger, ObjectKey.Of(rs), RolloutMath.SpecReplicas(rs), replicas);
        }
    }

    /// <summary>cleanupDeployment: old, empty ReplicaSets beyond revisionHistoryLimit go, lowest revision first.</summary>
    public async Task CleanupAsync(V1Deployment d, List<V1ReplicaSet> old, CancellationToken ct)
    {
        var excess = old.Count - (d.Spec.RevisionHistoryLimit ?? int.MaxValue);
        foreach (var rs in old.OrderBy(ReplicaSetAnnotations.RevisionOf).Take(Math.Max(0, excess)))
        {
            if (RolloutMath.SpecReplicas(rs) == 0 && (rs.Status?.Replicas ?? 0) == 0 && rs.Status?.ObservedGeneration >= rs.Metadata.Generation)
            {
                await cluster.Client.AppsV1.DeleteNamespacedReplicaSetAsync(rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: ct);
                Log.Deleted(cluster.Logger, "ReplicaSet", ObjectKey.Of(rs));
            }
        }
    }
}
