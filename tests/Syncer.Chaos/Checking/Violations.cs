using System.Collections.Concurrent;

namespace Syncer.Chaos.Checking;

/// <summary>Invariant checks made and the violations found, by invariant. Thread-safe.</summary>
public sealed class Violations
{
    private readonly ConcurrentQueue<(string Invariant, string Detail)> _found = new();
    private readonly ConcurrentDictionary<string, long> _byInvariant = new(StringComparer.Ordinal);
    private long _checks;

    public long Checks => Interlocked.Read(ref _checks);

    /// <summary>Checks made, by invariant.</summary>
    public IReadOnlyDictionary<string, long> ChecksByInvariant => _byInvariant.ToDictionary(StringComparer.Ordinal);

    public int Count => _found.Count;

    public IReadOnlyList<(string Invariant, string Detail)> All => [.. _found];

    /// <summary>Counts one check of <paramref name="invariant"/>; records a violation with <paramref name="detail"/> when it does not hold.</summary>
    public bool Check(bool holds, string invariant, Func<string> detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        Interlocked.Increment(ref _checks);
        _byInvariant.AddOrUpdate(invariant, 1, (_, n) => n + 1);
        if (!holds)
        {
            _found.Enqueue((invariant, detail()));
        }

        return holds;
    }

    public IReadOnlyDictionary<string, int> ByInvariant() =>
        _found.GroupBy(v => v.Invariant).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
