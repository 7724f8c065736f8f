using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;
using static Syncer.Doubles.Kubernetes.Controllers.Deployments.DeploymentConditions;

namespace Syncer.Doubles.Kubernetes.Controllers.Deployments;

/// <summary>
/// kube-controller-manager's Deployment controller (pkg/controller/deployment): a ReplicaSet per distinct pod
/// template, rolled with RollingUpdate (surge, then scale old down as the new one becomes available) or Recreate,
/// paused Deployments left alone but for scaling, old ReplicaSets beyond revisionHistoryLimit deleted, and the
/// status with its Available and Progressing conditions written in one /status write per pass (the revision
/// annotation on the Deployment included). Simplified: no adoption of orphan ReplicaSets, no proportional scaling
/// while several ReplicaSets are active (see <see cref="RolloutMath.Scale"/>), no Events, no ReplicaFailure.
/// </summary>
internal sealed class DeploymentController
{
    private readonly ControllerContext _cluster;
    private readonly WorkQueue _queue = new();
    private readonly Expectations _expectations = new();
    private readonly ReplicaSetWriter _replicaSets;

    public DeploymentController(ControllerContext cluster)
    {
        _cluster = cluster;
        _replicaSets = new ReplicaSetWriter(cluster, _expectations);
        cluster.Deployments.OnChange((type, d) =>
        {
            if (type == WatchEventType.Deleted)
            {
                _expectations.Forget(d.Metadata.Uid);
            }

            _queue.Add(ObjectKey.Of(d));
        });
        cluster.ReplicaSets.OnChange((type, rs) =>
        {
            if (rs.GetController() is { Kind: "Deployment" } owner)
            {
                _expectations.Observe(type, rs);
                _queue.Add(ObjectKey.Of(rs.Metadata.NamespaceProperty, owner.Name));
            }
        });
    }

    public Task RunAsync(CancellationToken ct) => new ControllerWorker("deployment", _queue, ReconcileAsync, _cluster.Logger).RunAsync(ct);

    private async Task ReconcileAsync(string key, CancellationToken ct)
    {
        // Until a ReplicaSet it made shows in the cache, the Deployment waits (its ADDED event queues it again).
        if (_cluster.Deployments.Get(key) is not { Metadata.DeletionTimestamp: null } cached || !_expectations.Satisfied(cached.Metadata.Uid))
        {
            return;
        }

        var d = CanonicalJson.Copy(cached);
        d.Status ??= new V1DeploymentStatus();
        var now = _cluster.Now();
        var owned = Owners.Owned(_cluster.ReplicaSets.Items, d).OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name).ToList();
        var newRs = owned.FirstOrDefault(rs => ReplicaSetTemplates.Matches(rs, d));
        var old = owned.Where(rs => rs != newRs).ToList();
        SetPausedCondition(d, now);

        var rollout = d.Spec.Paused != true && !IsScalingEvent(d, old.Append(newRs));
        if (!rollout)
        {
            newRs = await _replicaSets.SyncNewAsync(d, newRs, old, create: false, now, ct);
            await _replicaSets.ScaleAsync(d, RolloutMath.Scale(d, newRs, old), ct);
            if (d.Spec.Paused == true)
            {
                await _replicaSets.CleanupAsync(d, old, ct);
            }
        }
        else if (RolloutMath.IsRolling(d))
        {
            newRs = await _replicaSets.SyncNewAsync(d, newRs, old, create: true, now, ct);
            var step = RolloutMath.RollingStep(d, newRs!, old);
            await _replicaSets.ScaleAsync(d, step, ct);
            if (step.Count == 0 && DeploymentStatusCalculator.Complete(d, d.Status))
            {
                await _replicaSets.CleanupAsync(d, old, ct);
            }
        }
        else
        {
            newRs = await RecreateAsync(d, newRs, old, now, ct);
        }

        var status = DeploymentStatusCalculator.Calculate(d, [.. old.Append(newRs).OfType<V1ReplicaSet>()], newRs);
        DeploymentStatusCalculator.SetAvailability(d, status, now);
        if (rollout)
        {
            DeploymentStatusCalculator.EstimateProgress(d, d.Status, status, newRs, now);
            if (DeploymentStatusCalculator.UntilDeadline(d, status, now) is { } wait)
            {
                _queue.AddAfter(key, wait, _cluster.Clock, ct);
            }
        }

        await WriteStatusAsync(cached, d, status, ct);
    }

    /// <summary>Recreate: old ReplicaSets to zero, and only once their pods are gone the new one at full size.</summary>
    private async Task<V1ReplicaSet?> RecreateAsync(V1Deployment d, V1ReplicaSet? newRs, List<V1ReplicaSet> old, DateTime now, CancellationToken ct)
    {
        newRs = await _replicaSets.SyncNewAsync(d, newRs, old, create: false, now, ct);
        var down = old.Where(rs => RolloutMath.SpecReplicas(rs) > 0).ToDictionary(rs => rs, _ => 0);
        await _replicaSets.ScaleAsync(d, down, ct);
        if (down.Count > 0 || old.Any(rs => (rs.Status?.Replicas ?? 0) > 0))
        {
            return newRs;
        }

        newRs = await _replicaSets.SyncNewAsync(d, newRs, old, create: true, now, ct);
        await _replicaSets.ScaleAsync(d, RolloutMath.SpecReplicas(newRs!) == RolloutMath.Desired(d) ? [] : new() { [newRs!] = RolloutMath.Desired(d) }, ct);
        if (DeploymentStatusCalculator.Complete(d, d.Status))
        {
            await _replicaSets.CleanupAsync(d, old, ct);
        }

        return newRs;
    }

    /// <summary>checkPausedConditions: Progressing Unknown with DeploymentPaused / DeploymentResumed (never over a timeout).</summary>
    private static void SetPausedCondition(V1Deployment d, DateTime now)
    {
        var current = Get(d.Status, Progressing);
        if (!DeploymentStatusCalculator.HasProgressDeadline(d) || current?.Reason == TimedOut)
        {
            return;
        }

        var pausedNoted = current?.Reason == Paused;
        if (d.Spec.Paused == true && !pausedNoted)
        {
            Set(d.Status, New(Progressing, "Unknown", Paused, "Deployment is paused", now));
        }
        else if (d.Spec.Paused != true && pausedNoted)
        {
            Set(d.Status, New(Progressing, "Unknown", Resumed, "Deployment is resumed", now));
        }
    }

    /// <summary>isScalingEvent: an active ReplicaSet was sized for another spec.replicas than the Deployment's now.</summary>
    private static bool IsScalingEvent(V1Deployment d, IEnumerable<V1ReplicaSet?> replicaSets) =>
        replicaSets.OfType<V1ReplicaSet>().Any(rs => RolloutMath.SpecReplicas(rs) > 0
            && ReplicaSetAnnotations.DesiredOf(rs) is { } desired && desired != RolloutMath.Desired(d));

    private async Task WriteStatusAsync(V1Deployment cached, V1Deployment d, V1DeploymentStatus status, CancellationToken ct)
    {
        if (CanonicalJson.Of(status) == CanonicalJson.Of(cached.Status) && CanonicalJson.Of(d.Metadata.Annotations) == CanonicalJson.Of(cached.Metadata.Annotations))
        {
            return;
        }

        d.Status = status;
        await _cluster.Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: ct);
    }
}
