using Syncer.Observability;

namespace Syncer.Restart;

/// <summary>
/// The workloads held back (paused, or over the cap) and the refused patches of each, behind
/// <c>syncer_rollouts_waiting{reason}</c>, the wake-up of cap waiters when a slot frees, and the retry backoff.
/// Rebuilt by the passes at start (each workload is looked at once); nothing here decides a rollout. Thread-safe.
/// </summary>
internal sealed class RestartWaits(SyncerMetrics metrics)
{
    private readonly Lock _gate = new();
    private readonly HashSet<WorkloadKey> _paused = [];
    private readonly HashSet<WorkloadKey> _cap = [];
    private readonly Dictionary<WorkloadKey, int> _failures = [];

    /// <summary>Records what the last pass of <paramref name="key"/> decided.</summary>
    public void Set(WorkloadKey key, WorkloadAction action)
    {
        lock (_gate)
        {
            _ = action == WorkloadAction.Paused ? _paused.Add(key) : _paused.Remove(key);
            _ = action == WorkloadAction.Cap ? _cap.Add(key) : _cap.Remove(key);
            Publish();
        }
    }

    public void Forget(WorkloadKey key)
    {
        lock (_gate)
        {
            _paused.Remove(key);
            _cap.Remove(key);
            _failures.Remove(key);
            Publish();
        }
    }

    public IReadOnlyList<WorkloadKey> CapWaiters()
    {
        lock (_gate)
        {
            return [.. _cap];
        }
    }

    /// <returns>The refused patches of this workload in a row, this one included.</returns>
    public int Failed(WorkloadKey key)
    {
        lock (_gate)
        {
            return _failures[key] = _failures.GetValueOrDefault(key) + 1;
        }
    }

    public void Succeeded(WorkloadKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    private void Publish()
    {
        metrics.RolloutsWaitingGauge.WithLabels("paused").Set(_paused.Count);
        metrics.RolloutsWaitingGauge.WithLabels("cap").Set(_cap.Count);
    }
}
