using Syncer.Benchmarks.Cluster;
using Syncer.Benchmarks.Measuring;
using Syncer.Benchmarks.Reporting;

namespace Syncer.Benchmarks.Scenarios;

/// <summary>
/// The growth series: for each size, a cluster of that shape (1 path per 10 Secrets, 1 Deployment per 2, a 1 h
/// refresh so no wave falls inside), the floor's cold start, then Syncer's, and Syncer's memory once settled.
/// No injected latency: the series measures how time and memory grow, not the network. Syncer runs under one memory
/// limit for every size (<see cref="BenchOptions.GrowthMemoryLimitBytes"/>); a size that fails is reported, the next runs.
/// </summary>
internal sealed class GrowthSeries(BenchContext context)
{
    /// <summary>The growth Secrets' refresh interval: long, so a read window rarely ends inside a size's cold start (its check allows for one that does).</summary>
    private static readonly TimeSpan Refresh = TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var size in context.Options.Growth)
        {
            var shape = ClusterShape.Scaled(size, Math.Clamp(size / 100, 1, 100));
            var row = new ScenarioResult { Scenario = "growth: cold start", Latency = "no latency", Secrets = size };
            context.Sandbox.SetLatency(new LatencyProfile(TimeSpan.Zero, TimeSpan.Zero));
            context.Progress.Phase = $"growth {size:N0}: seeding";
            await context.Seeder.SeedAsync(shape, Seeder.Refresh(Refresh), ct);
            await FloorAsync(shape, row, ct);
            await context.Seeder.ClearAsync(shape, ct);
            context.Progress.Phase = $"growth {size:N0}: seeding again for Syncer";
            await context.Seeder.SeedAsync(shape, Seeder.Refresh(Refresh), ct);
            var settled = new ScenarioResult { Scenario = "growth: memory, settled", Latency = row.Latency, Secrets = size };
            context.Results.Add(row);
            context.Results.Add(settled);
            try
            {
                var pass = new SyncerPass(context, shape);
                await using var syncer = await pass.ColdStartAsync(row, limited: false, Refresh, ct);
                await pass.SettledAsync(syncer, settled, ct);
            }
            catch (Exception e) when (BenchContext.IsScenarioFailure(e, ct))
            {
                row.Fail(e.Message); // the next size still runs: a size Syncer cannot hold is itself a figure
                settled.Fail(e.Message);
            }

            await context.Seeder.ClearAsync(shape, ct);
        }
    }

    private async Task FloorAsync(ClusterShape shape, ScenarioResult row, CancellationToken ct)
    {
        context.Progress.Phase = $"growth {shape.Secrets:N0}: floor cold start";
        var all = shape.AllSecrets().ToList();
        using var floor = new Floor(context.Sandbox, context.Options.Concurrency);
        var window = await Window.OpenAsync(context.Sandbox, null, ct);
        var own = await floor.PassAsync(all.ToAsyncEnumerable(), [], limited: false, ct);
        await context.MustAsync(() => all.All(s => context.Observer.Secrets.GetValueOrDefault(s.Key)?.FirstData > window.Opened), TimeSpan.FromMinutes(5), "the floor's writes are seen", ct);
        row.FloorSeconds = Math.Max(own.TotalSeconds, BenchContext.Seconds(window.Opened, all.Max(s => context.Observer.Secrets[s.Key].FirstData)));
        await window.CloseAsync(row, floor: true, ct);
    }
}
