using System.Diagnostics;
using Syncer.Benchmarks.Cluster;
using Syncer.Benchmarks.Measuring;
using Syncer.Benchmarks.Reporting;

namespace Syncer.Benchmarks.Scenarios;

/// <summary>
/// Syncer's side of one latency profile: the cold start of the real binary on the seeded cluster (time from the
/// process start until the watch shows every Secret's data), its memory once settled, then, on the same process, a
/// full refresh with no change, the rotation and the burst, each timed from the instant the shared cron schedule
/// fires. The figures of each window are the Syncer process's alone (the rotation's Vault figures: its full refresh).
/// </summary>
internal sealed class SyncerPass(BenchContext context, ClusterShape shape)
{
    private readonly List<SecretRef> _all = [.. shape.AllSecrets()];

    /// <summary>
    /// Cold start; returns the running process for the scenarios that follow. <paramref name="readWindow"/> is the
    /// Secrets' refresh period (null: the main schedule's): Syncer reads a path once per window of it, aligned on
    /// the clock, so a cold start that crosses a window's end reads the paths synced after it once more, by design.
    /// </summary>
    public async Task<SyncerProcess> ColdStartAsync(ScenarioResult row, bool limited, TimeSpan? readWindow, CancellationToken ct)
    {
        context.Progress.Phase = $"Syncer, {row.Latency}: {row.Scenario}";
        // Start right after the schedule fires when the next firing is near, so no full refresh overlaps the cold start.
        if (context.NextFire(TimeSpan.Zero) - DateTimeOffset.UtcNow < context.Options.Refresh * 0.75)
        {
            await BenchContext.UntilAsync(context.NextFire(TimeSpan.Zero) + TimeSpan.FromMilliseconds(300), ct);
        }

        var window = await Window.OpenAsync(context.Sandbox, null, ct);
        var syncer = context.StartSyncer(limited);
        try
        {
            await ColdStartAsync(syncer, window, row, readWindow ?? context.Options.Refresh, ct);
            return syncer;
        }
        catch
        {
            await syncer.DisposeAsync();
            throw;
        }
    }

    private async Task ColdStartAsync(SyncerProcess syncer, Window window, ScenarioResult row, TimeSpan readWindow, CancellationToken ct)
    {
        window.Attach(syncer);
        var ready = TimeReadyAsync(syncer, ct);
        context.Progress.Figure = () => $"synced {_all.Count(s => Seen(s)?.FirstData > syncer.Started):N0}/{_all.Count:N0}";
        await context.MustAsync(() => syncer.HasExited || _all.All(s => Seen(s)?.FirstData > syncer.Started), TimeSpan.FromMinutes(15), "every Secret is synced", ct);
        Alive(syncer);
        var last = _all.Max(s => Seen(s)!.FirstData);
        row.Seconds = BenchContext.Seconds(syncer.Started, last);
        await BenchContext.QuietAsync(() => context.Sandbox.Kube.Requests.Total - context.Sandbox.Kube.Requests.CountWhere((v, r) => r == "leases"), TimeSpan.FromSeconds(2), ct);
        await window.CloseAsync(row, floor: false, ct);
        // To the window's close, not the last Secret's fill: reads are counted until then, and a slow start (a loaded
        // machine) may meet the next clock-aligned refresh, whose reads fall in the next read window.
        var crossed = WindowsCrossed(DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(syncer.Started), DateTimeOffset.UtcNow, readWindow);
        row.DataWrites = _all.Count(s => Seen(s)?.FirstData > syncer.Started);
        row.Note = $"process start to the last Secret's data in the watch (ready after {await ready:0.0} s)";
        if (crossed == 0)
        {
            row.Check("Vault reads = distinct paths", shape.Paths, row.VaultReads);
        }
        else
        {
            row.CheckWithin($"Vault reads = distinct paths, once more at most per read window crossed ({crossed})", shape.Paths, shape.Paths * (crossed + 1), row.VaultReads);
        }

        row.Check("Secrets written", shape.Secrets, row.DataWrites.Value);
        row.Check("Secret GETs besides the data-hash key's one (empty Secrets are filled without a read)", 0, Math.Max(0, row.Count("get secrets") - 1));
        context.Progress.Figure = null;
    }

    /// <summary>How many ends of clock-aligned windows of <paramref name="period"/> fall in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    internal static long WindowsCrossed(DateTimeOffset from, DateTimeOffset to, TimeSpan period) =>
        (to.UtcTicks / period.Ticks) - (from.UtcTicks / period.Ticks); // as VaultReadCache aligns its windows

    public async Task SettledAsync(SyncerProcess syncer, ScenarioResult row, CancellationToken ct)
    {
        context.Progress.Phase = $"Syncer, {row.Latency}: settling {context.Options.Settle.TotalSeconds:0} s";
        var window = await Window.OpenAsync(context.Sandbox, syncer, ct);
        await Task.Delay(context.Options.Settle, ct);
        await window.CloseAsync(row, floor: false, ct);
        row.Note = $"working set and heap {context.Options.Settle.TotalSeconds:0} s after the cold start, idle between refreshes";
        if (context.Options.HeapStat)
        {
            var name = $"{shape.Secrets}-{row.Latency.Replace(' ', '-').Replace(",", "", StringComparison.Ordinal)}";
            var live = await HeapStat.CollectAsync(syncer, context.Options.Output, name, ct);
            row.Note += $"; live heap after a forced full GC {Window.Mb(live)} MB (heap-{name}.txt: by type)";
        }
    }

    public async Task WaveAsync(SyncerProcess syncer, ScenarioResult row, CancellationToken ct)
    {
        context.Progress.Phase = $"Syncer, {row.Latency}: {row.Scenario}";
        var (window, fire, syncs) = await OpenAtNextFireAsync(syncer, ct);
        var refreshed = await SyncsAsync(syncer, syncs, shape.Secrets, fire, ct);
        row.Seconds = BenchContext.Seconds(BenchContext.Timestamp(fire), Stopwatch.GetTimestamp());
        await CloseQuietAsync(window, row, ct);
        row.Note = "the schedule's instant to the last sync done (syncer_syncs_total)";
        row.Check("Secrets refreshed before the next instant", shape.Secrets, refreshed);
        row.Check("Vault reads = distinct paths", shape.Paths, row.VaultReads);
        row.Check("Kubernetes Secret writes", 0, row.Count("patch secrets") + row.Count("update secrets"));
        row.Check("Kubernetes Secret reads beyond the watch", 0, row.Count("get secrets") + row.Count("list secrets"));
        row.Check("series in /metrics naming a Secret (labels stay bounded)", 0, SeriesNamingSecrets(await syncer.MetricsTextAsync(ct)));
    }

    /// <summary>Exposition lines (samples) with a label value that is one of the seeded Secrets' names.</summary>
    private long SeriesNamingSecrets(string exposition)
    {
        var names = _all.Select(s => $"\"{s.Name}\"").ToHashSet(StringComparer.Ordinal);
        return exposition.Split('\n').Count(line => line.Length > 0 && line[0] != '#'
            && System.Text.RegularExpressions.Regex.Matches(line, "=(\"[^\"]*\")").Any(m => names.Contains(m.Groups[1].Value)));
    }

    public async Task RotationAsync(SyncerProcess syncer, ScenarioResult row, CancellationToken ct)
    {
        context.Progress.Phase = $"Syncer, {row.Latency}: {row.Scenario}";
        var fire = context.NextFire(TimeSpan.FromSeconds(4));
        await BenchContext.UntilAsync(fire - TimeSpan.FromSeconds(2), ct);
        var rotated = shape.Rotated(context.Options.RotatePercent).Select(r => ClusterShape.PathName(r.Ns, r.P)).ToHashSet(StringComparer.Ordinal);
        foreach (var (ns, p) in shape.Rotated(context.Options.RotatePercent))
        {
            context.Seeder.WriteVault(ns, p, generation: 3);
        }

        var affected = _all.Where(s => rotated.Contains(s.Path)).ToList();
        var consumers = shape.AllWorkloads().Where(w => w.Secrets.Any(n => affected.Any(a => a.Namespace == w.Namespace && a.Name == n))).ToList();
        var changesBefore = affected.ToDictionary(s => s.Key, s => Seen(s)!.DataChanges, StringComparer.Ordinal);
        var rolloutsBefore = context.Observer.Workloads.ToDictionary(w => w.Key, w => w.Value.Rollouts, StringComparer.Ordinal);
        var window = await Window.OpenAsync(context.Sandbox, syncer, ct);
        var syncs = (await syncer.ScrapeAsync(ct)).Syncs;
        var refreshed = await SyncsAsync(syncer, syncs, shape.Secrets, fire, ct);
        await context.MustAsync(() => affected.All(s => Seen(s)!.DataChanges > changesBefore[s.Key]), TimeSpan.FromMinutes(2), "every rotated Secret is written", ct);
        var wave = Window.VaultKinds(context.Sandbox.Vault.Requests.Snapshot()); // one full refresh's reads; rollouts take longer
        int Rolled(WorkloadRef w) => (context.Observer.Workloads.GetValueOrDefault(w.Key)?.Rollouts ?? 0) - rolloutsBefore.GetValueOrDefault(w.Key);
        // A build without restarts rolls nothing: give up when no consumer has rolled 30 s after the data changed.
        var rolledAll = await Observer.WaitAsync(() => consumers.All(w => Rolled(w) > 0), TimeSpan.FromSeconds(30), ct)
            || (consumers.Any(w => Rolled(w) > 0) && await Observer.WaitAsync(() => consumers.All(w => Rolled(w) > 0), TimeSpan.FromSeconds(120), ct));
        var last = affected.Max(s => Seen(s)!.LastDataChange);
        last = Math.Max(last, consumers.Select(w => context.Observer.Workloads.GetValueOrDefault(w.Key)?.LastRollout ?? 0).DefaultIfEmpty(0).Max());
        row.Seconds = BenchContext.Seconds(BenchContext.Timestamp(fire), last);
        await CloseQuietAsync(window, row, ct, TimeSpan.FromSeconds(8)); // past the debounce: a second rollout would show
        row.Vault = wave;
        row.DataWrites = affected.Sum(s => Seen(s)!.DataChanges - changesBefore[s.Key]);
        row.Rollouts = context.Observer.Workloads.Sum(w => w.Value.Rollouts - rolloutsBefore.GetValueOrDefault(w.Key));
        row.Note = rolledAll ? "the schedule's instant to the last rotated Secret written and its last consumer rolled"
            : "the schedule's instant to the last rotated Secret written; consumers were NOT all rolled";
        row.Check("Secrets refreshed before the next instant", shape.Secrets, refreshed);
        row.Check("Vault reads = distinct paths", shape.Paths, row.VaultReads);
        row.Check("Secrets whose data changed = affected Secrets", affected.Count, row.DataWrites.Value);
        row.Check("consuming workloads rolled exactly once", consumers.Count, consumers.Count(w => Rolled(w) == 1));
        row.Check("rollouts in all", consumers.Count, row.Rollouts.Value);
    }

    public async Task BurstAsync(SyncerProcess syncer, ScenarioResult row, CancellationToken ct)
    {
        context.Progress.Phase = $"Syncer, {row.Latency}: {row.Scenario}";
        var burst = shape.BurstSecrets(context.Options.Burst, "b").ToList();
        var (window, fire, syncs) = await OpenAtNextFireAsync(syncer, ct);
        await BenchContext.UntilAsync(fire + TimeSpan.FromMilliseconds(200), ct); // the refresh lane is full by now
        var started = Stopwatch.GetTimestamp();
        context.Progress.Figure = () => $"synced {burst.Count(s => Seen(s)?.FirstData > 0):N0}/{burst.Count:N0}";
        await context.Seeder.CreateSecretsAsync(burst, Seeder.Schedule(context.Cron), ct);
        await context.MustAsync(() => burst.All(s => Seen(s)?.FirstData > 0), TimeSpan.FromMinutes(5), "every burst Secret is synced", ct);
        var latencies = burst.Select(s => Seen(s)!).Select(s => (s.FirstData - s.Added) * 1000d / Stopwatch.Frequency).ToList();
        row.Seconds = BenchContext.Seconds(started, burst.Max(s => Seen(s)!.FirstData));
        row.P50Ms = Math.Round(BenchContext.Percentile(latencies, 50), 1);
        row.P99Ms = Math.Round(BenchContext.Percentile(latencies, 99), 1);
        context.Progress.Figure = null;
        var refreshed = await SyncsAsync(syncer, syncs, shape.Secrets + burst.Count, fire, ct);
        await CloseQuietAsync(window, row, ct);
        row.DataWrites = burst.Count(s => Seen(s)?.FirstData > 0);
        row.Note = "first create to the last new Secret's data in the watch; p50/p99 per Secret from its ADDED event to its data";
        row.Check("syncs before the next instant (refresh and burst)", shape.Secrets + burst.Count, refreshed);
        row.Check("Vault reads = distinct paths", shape.Paths, row.VaultReads);
        row.Check("new Secrets written", burst.Count, row.DataWrites.Value);
        row.Check("Secret GETs (new empty Secrets are filled without a read)", 0, row.Count("get secrets"));
    }

    private async Task<(Window Window, DateTimeOffset Fire, double Syncs)> OpenAtNextFireAsync(SyncerProcess syncer, CancellationToken ct)
    {
        var fire = context.NextFire(TimeSpan.FromSeconds(2));
        await BenchContext.UntilAsync(fire - TimeSpan.FromSeconds(1), ct);
        var window = await Window.OpenAsync(context.Sandbox, syncer, ct);
        return (window, fire, (await syncer.ScrapeAsync(ct)).Syncs);
    }

    /// <summary>
    /// Until Syncer's own counter shows <paramref name="count"/> more syncs than <paramref name="before"/>, or the
    /// schedule's next instant after <paramref name="fire"/> (a full refresh that has not finished by then never will:
    /// the next one starts). Returns the syncs done; the caller checks the count.
    /// </summary>
    private async Task<long> SyncsAsync(SyncerProcess syncer, double before, int count, DateTimeOffset fire, CancellationToken ct)
    {
        var deadline = fire + context.Options.Refresh - TimeSpan.FromMilliseconds(500);
        double done;
        while ((done = (await syncer.ScrapeAsync(ct)).Syncs - before) < count && DateTimeOffset.UtcNow < deadline)
        {
            Alive(syncer);
            context.Progress.Detail = $"syncs {done:N0}/{count:N0}";
            await Task.Delay(100, ct);
        }

        return (long)Math.Min(done, count); // a sync more (a retry, a Secret's own change) is not a second refresh
    }

    private async Task CloseQuietAsync(Window window, ScenarioResult row, CancellationToken ct, TimeSpan? quiet = null)
    {
        var requests = context.Sandbox.Kube.Requests;
        await BenchContext.QuietAsync(() => requests.Total - requests.CountWhere((_, r) => r == "leases") + context.Sandbox.Vault.Requests.Total, quiet ?? TimeSpan.FromSeconds(2), ct);
        await window.CloseAsync(row, floor: false, ct);
    }

    private static async Task<double> TimeReadyAsync(SyncerProcess syncer, CancellationToken ct)
    {
        await syncer.WaitReadyAsync(TimeSpan.FromMinutes(10), ct);
        return Stopwatch.GetElapsedTime(syncer.Started).TotalSeconds;
    }

    private static void Alive(SyncerProcess syncer)
    {
        if (syncer.HasExited)
        {
            throw new InvalidOperationException(syncer.ExitReason());
        }
    }

    private SecretSeen? Seen(SecretRef s) => context.Observer.Secrets.GetValueOrDefault(s.Key);
}
