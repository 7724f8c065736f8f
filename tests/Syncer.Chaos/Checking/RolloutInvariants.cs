using k8s.Models;
using Syncer.Chaos.World;

namespace Syncer.Chaos.Checking;

/// <summary>
/// The rollout invariants of issue 12, from what a watch shows of the workloads: a rollout is a new value of the pod
/// template's <c>syncer.io/restarted-at</c>. Counted here; checked once restarts (issue 9) are in.
/// </summary>
public sealed class RolloutInvariants(SecretInvariants secrets, Violations violations)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string?> _restartedAt = new(StringComparer.Ordinal);
    private long _rollouts;

    public long Rollouts => Interlocked.Read(ref _rollouts);

    public void OnVersion(string kind, V1ObjectMeta meta, V1PodTemplateSpec? template)
    {
        ArgumentNullException.ThrowIfNull(meta);
        var key = $"{kind}/{meta.NamespaceProperty}/{meta.Name}";
        var restartedAt = template?.Metadata?.Annotations?.TryGetValue(Contract.RestartedAt, out var at) == true ? at : null;
        lock (_lock)
        {
            if (_restartedAt.TryGetValue(key, out var before) && before != restartedAt && restartedAt is not null)
            {
                Interlocked.Increment(ref _rollouts);
            }

            _restartedAt[key] = restartedAt;
        }

        _ = secrets;
        _ = violations;
    }
}
