using Syncer.Chaos;

namespace Syncer.Tests.Faults;

/// <summary>
/// `make test`'s chaos run (issue 12): the real Syncer binary, a small world, a fixed seed and a bounded number of
/// steps (`make chaos` runs the full size). Every invariant holds (the Secrets' and the rollouts'), nothing leaks, and
/// the run did enough to mean it.
/// </summary>
public sealed class ShortChaosRunTests
{
    [Fact(Timeout = 240_000)]
    public async Task ShortFixedSeedChaosRun_KeepsEveryInvariant_AndNoSecretValueLeaks()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = Directory.CreateTempSubdirectory("chaos-short-").FullName;

        var result = await ChaosRun.RunAsync(ChaosOptions.Short(output), TextWriter.Null, ct);

        Assert.True(result.Passed, $"{result}\nlogs in {output}");
        Assert.True(result.Kills >= 1 && result.FaultsInjected.Values.Sum() >= 2 && result.DataWrites > 0 && result.Rollouts > 0 && result.InvariantChecks >= 100,
            "the run proved too little:\n" + result);
        Directory.Delete(output, recursive: true);
    }
}
