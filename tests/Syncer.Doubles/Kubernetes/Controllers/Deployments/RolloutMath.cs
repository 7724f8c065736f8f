using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;

namespace Syncer.Doubles.Kubernetes.Controllers.Deployments;

/// <summary>
/// The Deployment controller's arithmetic (k8s pkg/controller/deployment/util and rolling.go): surge and
/// unavailability budgets, how far the new ReplicaSet may grow and how far the old ones may shrink. Pure.
/// </summary>
internal static class RolloutMath
{
    public static int Desired(V1Deployment d) => d.Spec.Replicas ?? 1;

    public static bool IsRolling(V1Deployment d) => d.Spec.Strategy?.Type != "Recreate";

    public static int SpecReplicas(V1ReplicaSet rs) => rs.Spec.Replicas ?? 1;

    public static int Available(V1ReplicaSet rs) => rs.Status?.AvailableReplicas ?? 0;

    /// <summary>ResolveFenceposts: surge rounds up, unavailable rounds down, and both zero makes unavailable one.</summary>
    public static (int Surge, int Unavailable) Fenceposts(V1Deployment d)
    {
        var rollingUpdate = d.Spec.Strategy?.RollingUpdate;
        var surge = IntOrPercent.Scaled(rollingUpdate?.MaxSurge, Desired(d), roundUp: true, fallback: 0);
        var unavailable = IntOrPercent.Scaled(rollingUpdate?.MaxUnavailable, Desired(d), roundUp: false, fallback: 0);
        return (surge, surge == 0 && unavailable == 0 ? 1 : unavailable);
    }

    public static int MaxSurge(V1Deployment d) => IsRolling(d) ? Fenceposts(d).Surge : 0;

    public static int MaxUnavailable(V1Deployment d) =>
        !IsRolling(d) || Desired(d) == 0 ? 0 : Math.Min(Fenceposts(d).Unavailable, Desired(d));

    /// <summary>NewRSNewReplicas: the new ReplicaSet's size, within desired plus surge for all of them together.</summary>
    public static int NewReplicaSetReplicas(V1Deployment d, IEnumerable<V1ReplicaSet> all, int newReplicas)
    {
        if (!IsRolling(d))
        {
            return Desired(d);
        }

        var current = all.Sum(SpecReplicas);
        var maxTotal = Desired(d) + MaxSurge(d);
        return current >= maxTotal ? newReplicas : newReplicas + Math.Min(maxTotal - current, Desired(d) - newReplicas);
    }

    /// <summary>
    /// One step of rolloutRolling: a new ReplicaSet above the desired size shrinks to it; else it grows within the
    /// surge; only when it cannot grow do old ones shrink.
    /// </summary>
    public static Dictionary<V1ReplicaSet, int> RollingStep(V1Deployment d, V1ReplicaSet newRs, IReadOnlyList<V1ReplicaSet> old)
    {
        var size = SpecReplicas(newRs);
        if (size > Desired(d))
        {
            return new() { [newRs] = Desired(d) };
        }

        var grown = NewReplicaSetReplicas(d, [.. old, newRs], size);
        return grown != size ? new() { [newRs] = grown } : ScaleDownOld(d, newRs, old);
    }

    /// <summary>
    /// reconcileOldReplicaSets: the new sizes of old ReplicaSets. Unhealthy old replicas go first (within what the
    /// budget allows), then available ones, oldest ReplicaSet first, while enough stay available.
    /// </summary>
    public static Dictionary<V1ReplicaSet, int> ScaleDownOld(V1Deployment d, V1ReplicaSet newRs, IReadOnlyList<V1ReplicaSet> old)
    {
        var sizes = old.Where(rs => SpecReplicas(rs) > 0).ToDictionary(rs => rs, SpecReplicas);
        if (sizes.Count == 0)
        {
            return [];
        }

        var all = sizes.Keys.Append(newRs).ToList();
        var minAvailable = Desired(d) - MaxUnavailable(d);
        var maxScaledDown = all.Sum(SpecReplicas) - minAvailable - (SpecReplicas(newRs) - Available(newRs));
        if (maxScaledDown <= 0)
        {
            return [];
        }

        var oldestFirst = sizes.Keys.OrderBy(rs => rs.Metadata.CreationTimestamp).ToList();
        var cleaned = 0;
        foreach (var rs in oldestFirst.Where(rs => sizes[rs] > Available(rs)))
        {
            var down = Math.Min(maxScaledDown - cleaned, sizes[rs] - Available(rs));
            sizes[rs] -= down;
            cleaned += down;
        }

        var budget = all.Sum(Available) - minAvailable;
        foreach (var rs in oldestFirst)
        {
            var down = Math.Max(0, Math.Min(sizes[rs], budget));
            sizes[rs] -= down;
            budget -= down;
        }

        return sizes.Where(kv => kv.Value != SpecReplicas(kv.Key)).ToDictionary();
    }

    /// <summary>
    /// scale (paused or a change of spec.replicas): the one active ReplicaSet (or the newest) takes the new size;
    /// a saturated new ReplicaSet leaves none to the old ones. Simplified: with several active ones the change goes
    /// to the newest first when growing and the oldest first when shrinking, not in proportion.
    /// </summary>
    public static Dictionary<V1ReplicaSet, int> Scale(V1Deployment d, V1ReplicaSet? newRs, IReadOnlyList<V1ReplicaSet> old)
    {
        var newestFirst = old.Concat(newRs is null ? [] : [newRs]).OrderByDescending(rs => rs.Metadata.CreationTimestamp).ToList();
        var active = newestFirst.Where(rs => SpecReplicas(rs) > 0).ToList();
        var only = active.Count switch
        {
            0 => newRs ?? newestFirst.FirstOrDefault(),
            1 => active[0],
            _ => null,
        };
        if (only is not null)
        {
            return SpecReplicas(only) == Desired(d) ? [] : new() { [only] = Desired(d) };
        }

        if (newRs is not null && SpecReplicas(newRs) == Desired(d) && Available(newRs) == Desired(d))
        {
            return active.Where(rs => rs != newRs).ToDictionary(rs => rs, _ => 0);
        }

        var sizes = active.ToDictionary(rs => rs, SpecReplicas);
        var change = (Desired(d) == 0 ? 0 : Desired(d) + MaxSurge(d)) - sizes.Values.Sum();
        foreach (var rs in change > 0 ? active : Enumerable.Reverse(active))
        {
            var step = change > 0 ? change : -Math.Min(sizes[rs], -change);
            sizes[rs] += step;
            change -= step;
        }

        return sizes.Where(kv => kv.Value != SpecReplicas(kv.Key)).ToDictionary();
    }
}
