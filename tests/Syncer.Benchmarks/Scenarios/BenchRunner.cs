using System.Reflection;
using Syncer.Benchmarks.Cluster;
using Syncer.Benchmarks.Measuring;
using Syncer.Benchmarks.Reporting;

namespace Syncer.Benchmarks.Scenarios;

/// <summary>
/// The whole run: Syncer idle, then per latency profile the floor and Syncer on the same freshly seeded cluster
/// (the floor first; the cluster is then cleared and seeded again so Syncer finds it as the floor did), then the
/// growth series. Returns every row; the caller prints and saves them.
/// </summary>
internal static class BenchRunner
{
    public static async Task<List<ScenarioResult>> RunAsync(BenchOptions options, CancellationToken ct) =>
        (await RunWithSettingsAsync(options, ct)).Rows;

    /// <summary>The rows and what Syncer ran with (<see cref="BenchContext.SettingsNote"/>).</summary>
    public static async Task<(List<ScenarioResult> Rows, string Settings)> RunWithSettingsAsync(BenchOptions options, CancellationToken ct)
    {
        var root = RepositoryRoot();
        // Absolute: Syncer runs from its own folder, where a path relative to here would not resolve.
        var syncerDll = Path.GetFullPath(options.SyncerDll ?? Path.Combine(root, "src", "Syncer", "bin", Configuration(), "net10.0", "Syncer.dll"));
        if (!File.Exists(syncerDll))
        {
            throw new FileNotFoundException($"the Syncer binary is not built: {syncerDll} (make build)");
        }

        Directory.CreateDirectory(options.Output);
        var settings = RuntimeSettings.FromDockerfile(Path.Combine(root, "Dockerfile"), options.MemoryLimitBytes);
        await using var progress = new Progress();
        progress.Phase = "starting the sandbox";
        await using var sandbox = await Sandbox.StartAsync(options, Path.Combine(options.Output, "sandbox"), ct);
        await using var observer = new Observer(sandbox.Harness);
        var context = new BenchContext(options, sandbox, observer, progress, syncerDll, settings);

        if (!options.Quick)
        {
            await new IdleScenario(context).RunAsync(ct);
        }

        var shape = new ClusterShape(options.Secrets, options.Namespaces, options.Paths, options.Workloads);
        foreach (var profile in options.Latencies)
        {
            await RunProfileAsync(context, shape, profile, ct);
        }

        context.RuntimeSettings = RuntimeSettings.FromDockerfile(Path.Combine(root, "Dockerfile"), options.GrowthMemoryLimitBytes);
        await new GrowthSeries(context).RunAsync(ct);
        return (context.Results, context.SettingsNote);
    }

    private static async Task RunProfileAsync(BenchContext context, ClusterShape shape, LatencyProfile profile, CancellationToken ct)
    {
        var rows = ProfileRows.Create(context.Options, profile.Name);
        var schedule = Seeder.Schedule(context.Cron);
        context.Sandbox.SetLatency(new LatencyProfile(TimeSpan.Zero, TimeSpan.Zero));
        context.Progress.Phase = $"{profile.Name}: seeding {shape.Secrets:N0} Secrets, {shape.Workloads:N0} Deployments";
        await context.Seeder.SeedAsync(shape, schedule, ct);
        context.Sandbox.SetLatency(profile);
        await new FloorPass(context, shape).RunAsync(rows, ct);

        var pass = new SyncerPass(context, shape);
        if (rows.ColdLimited is { } limited)
        {
            try
            {
                await ReseedAsync(context, shape, schedule, ct);
                context.Sandbox.SetLatency(profile);
                await using var first = await pass.ColdStartAsync(limited, limited: true, null, ct);
            }
            catch (Exception e) when (BenchContext.IsScenarioFailure(e, ct))
            {
                limited.Fail(e.Message);
            }
        }

        context.Results.AddRange(rows.All);
        try
        {
            await ReseedAsync(context, shape, schedule, ct);
            context.Sandbox.SetLatency(profile);
            await using var syncer = await pass.ColdStartAsync(rows.Cold, limited: false, null, ct);
            await pass.SettledAsync(syncer, rows.Loaded, ct);
            await pass.WaveAsync(syncer, rows.Wave, ct);
            await pass.RotationAsync(syncer, rows.Rotation, ct);
            await pass.BurstAsync(syncer, rows.Burst, ct);
        }
        catch (Exception e) when (BenchContext.IsScenarioFailure(e, ct))
        {
            // The rows not reached say so; the next profile and the growth series still run.
            foreach (var row in new[] { rows.Cold, rows.Loaded, rows.Wave, rows.Rotation, rows.Burst }.Where(r => r.Seconds is null && r.WorkingSetMb is null))
            {
                row.Fail(e.Message);
            }
        }

        await context.Seeder.ClearAsync(shape, ct);
    }

    private static async Task ReseedAsync(BenchContext context, ClusterShape shape, KeyValuePair<string, string> schedule, CancellationToken ct)
    {
        context.Sandbox.SetLatency(new LatencyProfile(TimeSpan.Zero, TimeSpan.Zero));
        context.Progress.Phase = $"clearing and seeding {shape.Secrets:N0} Secrets again";
        await context.Seeder.ClearAsync(shape, ct);
        await context.Seeder.SeedAsync(shape, schedule, ct);
    }

    /// <summary>The folder holding Syncer.sln, above this assembly (tests/Syncer.Benchmarks/bin/...).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Syncer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository (Syncer.sln) above " + AppContext.BaseDirectory);
    }

    private static string Configuration() =>
        typeof(BenchRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
}
