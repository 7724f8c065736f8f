using Syncer.Chaos;

// `make chaos SEED=... DURATION=...`: the real Syncer binary against the doubles under seeded faults and kills.
// Exit code 1 when an invariant was violated or a secret value leaked; the summary says how to replay the seed.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var options = ChaosOptions.Parse(args);
var result = await ChaosRun.RunAsync(options, Console.Out, stop.Token);
Console.WriteLine(result);
await File.WriteAllTextAsync(Path.Combine(result.OutputDirectory, "summary.txt"), result.ToString(), stop.Token);
return result.Passed ? 0 : 1;
