using System.Globalization;
using System.Text;
using Syncer.Chaos.Leaks;

namespace Syncer.Chaos;

/// <summary>What a run did and found; <see cref="ToString"/> is the summary `make chaos` prints.</summary>
public sealed record ChaosResult
{
    public required ChaosOptions Options { get; init; }

    public required string OutputDirectory { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required int Steps { get; init; }

    public required int Stalls { get; init; }

    public required int Secrets { get; init; }

    public required int Workloads { get; init; }

    public required int VaultPaths { get; init; }

    public required IReadOnlyDictionary<string, int> FaultsInjected { get; init; }

    public required int Kills { get; init; }

    public required int KillsWithRolloutPending { get; init; }

    public required int VaultWrites { get; init; }

    public required long Fills { get; init; }

    public required long DataWrites { get; init; }

    public required long StatusWrites { get; init; }

    public required long UnchangedWrites { get; init; }

    public required long Rollouts { get; init; }

    public required long InvariantChecks { get; init; }

    public required IReadOnlyDictionary<string, long> ChecksByInvariant { get; init; }

    public required IReadOnlyList<(string Invariant, string Detail)> Violations { get; init; }

    public required TimeSpan? ConvergedAfter { get; init; }

    public required long LeakScannedBytes { get; init; }

    public required int LeakValues { get; init; }

    public required IReadOnlyList<LeakHit> Leaks { get; init; }

    public bool Passed => Violations.Count == 0 && Leaks.Count == 0;

    public override string ToString()
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"chaos seed={Options.Seed}: {(Passed ? "PASSED" : "FAILED")} in {Elapsed:mm\\:ss} ({Steps} steps, {Stalls} stalled waits)");
        s.AppendLine(c, $"  world: {Secrets} Secrets, {Workloads} workloads, {VaultPaths} Vault paths");
        s.AppendLine(c, $"  faults injected: {FaultsInjected.Values.Sum()} ({string.Join(", ", FaultsInjected.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"))})");
        s.AppendLine(c, $"  kills (SIGKILL, then restart): {Kills} ({KillsWithRolloutPending} while a rollout was pending)");
        s.AppendLine(c, $"  Vault writes: {VaultWrites}");
        s.AppendLine(c, $"  Secret writes: {Fills + DataWrites + StatusWrites} ({Fills} first fills, {DataWrites} data changes, {StatusWrites} status only); writes that changed nothing: {UnchangedWrites}");
        s.AppendLine(c, $"  rollouts: {Rollouts} (debounce {Options.Debounce.TotalSeconds:0.#} s)");
        s.AppendLine(c, $"  converged after faults stopped: {(ConvergedAfter is { } t ? $"{t.TotalSeconds:0.0} s" : "never")}");
        s.AppendLine(c, $"  leak check: {LeakScannedBytes / 1024} KiB emitted by Syncer searched for {LeakValues} values: {Leaks.Count} found");
        s.AppendLine(c, $"  invariant checks made: {InvariantChecks}");
        foreach (var (invariant, checks) in ChecksByInvariant.OrderByDescending(kv => kv.Value))
        {
            s.AppendLine(c, $"    {checks,9}  {invariant}");
        }

        s.AppendLine(c, $"  violations: {Violations.Count}");
        foreach (var (invariant, detail) in Violations.Take(20))
        {
            s.AppendLine(c, $"    [{invariant}] {detail}");
        }

        foreach (var leak in Leaks.Take(20))
        {
            s.AppendLine(c, $"    [leak] {leak}");
        }

        if (!Passed)
        {
            s.AppendLine(c, $"  replay: make chaos SEED={Options.Seed} DURATION={(int)Options.Duration.TotalSeconds}s");
        }

        return s.ToString();
    }
}
