using Syncer.Benchmarks.Reporting;

namespace Syncer.Benchmarks.Scenarios;

/// <summary>The rows one latency profile fills: the floor's columns first, then Syncer's.</summary>
internal sealed record ProfileRows(ScenarioResult Cold, ScenarioResult? ColdLimited, ScenarioResult Loaded, ScenarioResult Wave, ScenarioResult Rotation, ScenarioResult Burst)
{
    public static ProfileRows Create(BenchOptions options, string latency)
    {
        ScenarioResult Row(string name) => new() { Scenario = name, Latency = latency, Secrets = options.Secrets };
        return new ProfileRows(
            Row("cold start"),
            options.LimitedColdStart ? Row("cold start, Vault limit 50/s") : null,
            Row("memory, settled after cold start"),
            Row("steady wave (full refresh, no change)"),
            Row($"rotation of {options.RotatePercent:0.##}% of paths"),
            Row($"burst of {options.Burst:N0} new during a full refresh"));
    }

    public IEnumerable<ScenarioResult> All => new[] { Cold, ColdLimited, Loaded, Wave, Rotation, Burst }.OfType<ScenarioResult>();
}
