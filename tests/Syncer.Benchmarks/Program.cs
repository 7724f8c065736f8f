using System.Text.Json;
using Syncer.Benchmarks;
using Syncer.Benchmarks.Measuring;
using Syncer.Benchmarks.Reporting;
using Syncer.Benchmarks.Scenarios;

// `make bench`: see docs/performance.md. Exit 0 when every count check holds, 1 when one fails, 2 on a bad argument.
if (args.Contains("--help"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"{e.Message}\n{BenchOptions.Usage}");
    return 2;
}

AppDomain.CurrentDomain.UnhandledException += (_, _) => SyncerProcess.KillAll();
AppDomain.CurrentDomain.ProcessExit += (_, _) => SyncerProcess.KillAll();
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
var (rows, settings) = await BenchRunner.RunWithSettingsAsync(options, stop.Token);
var machine = MachineInfo.Describe();
Console.WriteLine();
Console.WriteLine($"Syncer benchmark, {machine}");
Console.WriteLine($"Syncer ran with: {settings}");
Console.WriteLine(ResultTable.Render(rows));
Console.WriteLine(ResultTable.Slopes(rows));
Console.WriteLine(ResultTable.Checks(rows));
var json = Path.Combine(options.Output, "bench.json");
await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { machine, settings, options, rows }, new JsonSerializerOptions { WriteIndented = true }));
await File.WriteAllTextAsync(Path.Combine(options.Output, "table.md"), $"{machine}\n\nSyncer ran with: {settings}\n\n" + ResultTable.Render(rows) + "\n" + ResultTable.Slopes(rows) + "\n");
var charts = GrowthChart.Save(rows, options.Output);
Console.WriteLine($"figures: {json}{string.Concat(charts.Select(c => ", " + c))}");
var failed = rows.SelectMany(r => r.Checks).Count(c => !c.Passed);
Console.WriteLine(failed == 0 ? "every count check holds" : $"{failed} count check(s) FAILED");
return failed == 0 ? 0 : 1;
