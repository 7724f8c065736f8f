using Syncer.Sync;

namespace Syncer.Restart;

/// <summary>
/// What the restart queue holds: a workload (does it owe a rollout?) or a Secret (are all its consumers rolled?).
/// Exactly one of the two is set.
/// </summary>
internal readonly record struct RestartItem(WorkloadKey? Workload, SecretKey? Secret)
{
    public static RestartItem Of(WorkloadKey workload) => new(workload, null);

    public static RestartItem Of(SecretKey secret) => new(null, secret);

    public override string ToString() => Workload?.ToString() ?? $"secret {Secret}";
}
