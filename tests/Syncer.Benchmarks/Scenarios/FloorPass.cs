using System.Diagnostics;
using System.Threading.Channels;
using Syncer.Benchmarks.Cluster;
using Syncer.Benchmarks.Measuring;

namespace Syncer.Benchmarks.Scenarios;

/// <summary>
/// The floor's side of one latency profile, on the freshly seeded cluster before Syncer runs: a cold start (and one
/// through Syncer's default Vault rate limit), a full refresh with no change, the rotation, the burst.
/// </summary>
internal sealed class FloorPass(BenchContext context, ClusterShape shape)
{
    public async Task RunAsync(ProfileRows rows, CancellationToken ct)
    {
        var all = shape.AllSecrets().ToList();
        var workloads = shape.AllWorkloads().ToList();
        var sandbox = context.Sandbox;
        using var floor = new Floor(sandbox, context.Options.Concurrency);

        context.Progress.Phase = $"floor, {rows.Cold.Latency}: cold start";
        var window = await Window.OpenAsync(sandbox, null, ct);
        var own = await floor.PassAsync(all.ToAsyncEnumerable(), workloads, limited: false, ct);
        await context.MustAsync(() => all.All(s => Seen(s)?.FirstData > window.Opened), TimeSpan.FromMinutes(5), "the floor's writes are seen", ct);
        rows.Cold.FloorSeconds = Math.Max(own.TotalSeconds, BenchContext.Seconds(window.Opened, all.Max(s => Seen(s)!.FirstData)));
        await window.CloseAsync(rows.Cold, floor: true, ct);

        if (rows.ColdLimited is { } limitedRow)
        {
            context.Progress.Phase = $"floor, {rows.Cold.Latency}: cold start through a 50/s Vault limit";
            using var fresh = new Floor(sandbox, context.Options.Concurrency);
            window = await Window.OpenAsync(sandbox, null, ct);
            limitedRow.FloorSeconds = (await fresh.PassAsync(all.ToAsyncEnumerable(), workloads, limited: true, ct)).TotalSeconds;
            await window.CloseAsync(limitedRow, floor: true, ct);
        }

        context.Progress.Phase = $"floor, {rows.Cold.Latency}: full refresh, no change";
        window = await Window.OpenAsync(sandbox, null, ct);
        rows.Wave.FloorSeconds = (await floor.PassAsync(all.ToAsyncEnumerable(), workloads, limited: false, ct)).TotalSeconds;
        await window.CloseAsync(rows.Wave, floor: true, ct);

        context.Progress.Phase = $"floor, {rows.Cold.Latency}: rotation";
        foreach (var (ns, p) in shape.Rotated(context.Options.RotatePercent))
        {
            context.Seeder.WriteVault(ns, p, generation: 2);
        }

        window = await Window.OpenAsync(sandbox, null, ct);
        rows.Rotation.FloorSeconds = (await floor.PassAsync(all.ToAsyncEnumerable(), workloads, limited: false, ct)).TotalSeconds;
        await window.CloseAsync(rows.Rotation, floor: true, ct);

        await BurstAsync(floor, rows, ct);
    }

    /// <summary>The floor hears of each new Secret as its create returns (as a watch would tell it) and syncs it.</summary>
    private async Task BurstAsync(Floor floor, ProfileRows rows, CancellationToken ct)
    {
        context.Progress.Phase = $"floor, {rows.Cold.Latency}: burst of {context.Options.Burst:N0} new Secrets";
        var burst = shape.BurstSecrets(context.Options.Burst, "fb").ToList();
        var arrivals = Channel.CreateUnbounded<SecretRef>();
        var window = await Window.OpenAsync(context.Sandbox, null, ct);
        var started = Stopwatch.GetTimestamp();
        var creating = context.Seeder.CreateSecretsAsync(burst, Seeder.Schedule(context.Cron), ct, s => arrivals.Writer.TryWrite(s))
            .ContinueWith(_ => arrivals.Writer.Complete(), ct, TaskContinuationOptions.None, TaskScheduler.Default);
        await floor.PassAsync(arrivals.Reader.ReadAllAsync(ct), [], limited: false, ct);
        await creating;
        await context.MustAsync(() => burst.All(s => Seen(s)?.FirstData > 0), TimeSpan.FromMinutes(5), "the floor's burst writes are seen", ct);
        var latencies = burst.Select(s => Seen(s)!).Select(s => (s.FirstData - s.Added) * 1000d / Stopwatch.Frequency).ToList();
        rows.Burst.FloorSeconds = BenchContext.Seconds(started, burst.Max(s => Seen(s)!.FirstData));
        rows.Burst.FloorP50Ms = Math.Round(BenchContext.Percentile(latencies, 50), 1);
        rows.Burst.FloorP99Ms = Math.Round(BenchContext.Percentile(latencies, 99), 1);
        await window.CloseAsync(rows.Burst, floor: true, ct);
    }

    private SecretSeen? Seen(SecretRef s) => context.Observer.Secrets.GetValueOrDefault(s.Key);
}
