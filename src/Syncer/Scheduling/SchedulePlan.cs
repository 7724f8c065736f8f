namespace Syncer.Scheduling;

/// <summary>What the scheduler does for one Secret after a change.</summary>
/// <param name="Periodic">The periodic trigger to (re)store; null keeps the stored one (and its phase).</param>
/// <param name="Immediate">A one-off sync ahead of the periodic one.</param>
/// <param name="Change">What was detected, for logs and tests.</param>
internal sealed record SchedulePlan(PeriodicSchedule? Periodic, ImmediateSync Immediate, SecretChange Change)
{
    public bool IsEmpty => Periodic is null && Immediate == ImmediateSync.None;
}
