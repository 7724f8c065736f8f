namespace Syncer.Benchmarks.Reporting;

/// <summary>
/// One row of the table and of bench.json: Syncer's figures for a scenario, the floor's beside them, and the count
/// checks (what PRODUCT.md section 7 says must hold exactly). Times in seconds or milliseconds, memory in MiB.
/// </summary>
internal sealed class ScenarioResult
{
    public required string Scenario { get; init; }
    public required string Latency { get; init; }
    public required int Secrets { get; init; }

    /// <summary>Syncer's wall time for the scenario (what it measures is in <see cref="Note"/>).</summary>
    public double? Seconds { get; set; }
    public double? FloorSeconds { get; set; }
    public double? Ratio => Seconds is { } s && FloorSeconds is > 0 ? s / FloorSeconds : null;

    public IReadOnlyDictionary<string, long> Vault { get; set; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> Kubernetes { get; set; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> FloorVault { get; set; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> FloorKubernetes { get; set; } = new Dictionary<string, long>();

    /// <summary>Secrets whose data changed, as the watch saw them.</summary>
    public long? DataWrites { get; set; }

    /// <summary>Deployment rollouts (pod-template restart stamps that changed), as the watch saw them.</summary>
    public long? Rollouts { get; set; }

    public double? P50Ms { get; set; }
    public double? P99Ms { get; set; }
    public double? FloorP50Ms { get; set; }
    public double? FloorP99Ms { get; set; }

    public double? WorkingSetMb { get; set; }
    public double? PeakWorkingSetMb { get; set; }
    public double? HeapMb { get; set; }
    public double? AllocatedMb { get; set; }
    public double? CpuSeconds { get; set; }

    public List<CountCheck> Checks { get; } = [];
    public string Note { get; set; } = "";

    public long VaultReads => Vault.GetValueOrDefault("read");
    public long Count(string verbResource) => Kubernetes.GetValueOrDefault(verbResource);

    public void Check(string what, long expected, long actual) => Checks.Add(new CountCheck(what, expected, actual));

    /// <summary>A count that must lie between <paramref name="least"/> and <paramref name="most"/> (never a time).</summary>
    public void CheckWithin(string what, long least, long most, long actual) => Checks.Add(new CountCheck(what, least, actual, most));

    /// <summary>The scenario could not finish: said in the note, and a check that fails so the run does.</summary>
    public void Fail(string why)
    {
        Note = "FAILED: " + why;
        Check("scenario completed", 1, 0);
    }
}

/// <summary>A count that must be exact, or within [Expected, AtMost] when that is given (never a time).</summary>
internal sealed record CountCheck(string What, long Expected, long Actual, long? AtMost = null)
{
    public bool Passed => AtMost is { } most ? Actual >= Expected && Actual <= most : Expected == Actual;

    public override string ToString() =>
        $"{What}: expected {Expected}{(AtMost is { } most ? $" to {most}" : "")}, got {Actual}{(Passed ? "" : "  <-- FAILED")}";
}
