using System.Diagnostics;
using System.Globalization;
using Syncer.Benchmarks.Cluster;
using Syncer.Benchmarks.Measuring;
using Syncer.Benchmarks.Reporting;

namespace Syncer.Benchmarks.Scenarios;

/// <summary>What every scenario shares: the options, the sandbox, the observer, the seeder, how Syncer is started.</summary>
internal sealed class BenchContext(BenchOptions options, Sandbox sandbox, Observer observer, Progress progress, string syncerDll, IReadOnlyDictionary<string, string> runtimeSettings)
{
    private int _syncerRuns;

    public BenchOptions Options { get; } = options;
    public Sandbox Sandbox { get; } = sandbox;
    public Observer Observer { get; } = observer;
    public Progress Progress { get; } = progress;
    public Seeder Seeder { get; } = new(sandbox, options);
    /// <summary>The image's runtime settings for the memory limit in force (the growth series sets its own).</summary>
    public IReadOnlyDictionary<string, string> RuntimeSettings { get; set; } = runtimeSettings;
    public List<ScenarioResult> Results { get; } = [];

    /// <summary>
    /// Starts Syncer with the container's runtime settings; <paramref name="limited"/> keeps Vault's client-side rate
    /// limit at its default (50/s, bursts of 100), otherwise it is off (the floor is then unlimited too).
    /// </summary>
    public SyncerProcess StartSyncer(bool limited)
    {
        var environment = new Dictionary<string, string>(RuntimeSettings, StringComparer.Ordinal)
        {
            ["KUBECONFIG"] = Sandbox.Kubeconfig,
            ["VAULT_ADDR"] = Sandbox.Vault.Address.ToString().TrimEnd('/'),
            ["VAULT_TOKEN"] = Sandbox.Vault.RootToken,
            ["POD_NAMESPACE"] = "syncer-system",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Syncer__Scheduling__MaxConcurrentSyncs"] = Options.Concurrency.ToString(CultureInfo.InvariantCulture),
            ["Syncer__Sync__MinimumRefresh"] = "00:00:05",
        };
        if (!limited)
        {
            environment["Vault__RateLimit__RequestsPerSecond"] = "0";
        }

        foreach (var (name, value) in Options.Environment)
        {
            environment[name] = value;
        }

        var log = Path.Combine(Options.Output, $"syncer-{++_syncerRuns}.log");
        return SyncerProcess.Start(syncerDll, log, environment);
    }

    /// <summary>What Syncer ran with beyond its defaults, for the report: the bench raises Vault's rate limit and says so.</summary>
    public string SettingsNote =>
        $"MaxConcurrentSyncs {Options.Concurrency.ToString(CultureInfo.InvariantCulture)}, MinimumRefresh 5 s; Vault client rate limit OFF "
        + "(Vault__RateLimit__RequestsPerSecond=0; the default is 50/s, bursts of 100) except in the rows named 'Vault limit 50/s'; "
        + $"runtime settings of the Dockerfile under the manifest's {Options.MemoryLimitBytes / (1024 * 1024)} MiB limit: "
        + string.Join(" ", MainSettings.Concat(Options.Environment).Select(kv => $"{kv.Key}={kv.Value}"))
        + $"; the growth series under a {Options.GrowthMemoryLimitBytes / (1024 * 1024)} MiB limit";

    private IReadOnlyDictionary<string, string> MainSettings { get; } = runtimeSettings;

    /// <summary>The cron schedule every Secret of the main cluster carries: all fall due at the same instant.</summary>
    public string Cron => Options.Refresh.TotalSeconds < 60
        ? $"0/{(int)Options.Refresh.TotalSeconds} * * * * ?"
        : $"0 0/{(int)Options.Refresh.TotalMinutes} * * * ?";

    /// <summary>The next instant the cron schedule fires, at least <paramref name="notBefore"/> from now.</summary>
    public DateTimeOffset NextFire(TimeSpan notBefore)
    {
        var period = (long)Options.Refresh.TotalSeconds;
        var earliest = DateTimeOffset.UtcNow + notBefore;
        var next = (earliest.ToUnixTimeSeconds() / period + 1) * period;
        return DateTimeOffset.FromUnixTimeSeconds(next);
    }

    /// <summary>Waits (on the wall clock, which the schedule runs on) until <paramref name="instant"/>.</summary>
    public static async Task UntilAsync(DateTimeOffset instant, CancellationToken ct)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ct);
        }
    }

    /// <summary>The Stopwatch timestamp that corresponds to a wall-clock instant.</summary>
    public static long Timestamp(DateTimeOffset instant) =>
        Stopwatch.GetTimestamp() + (long)((instant - DateTimeOffset.UtcNow).TotalSeconds * Stopwatch.Frequency);

    public static double Seconds(long from, long to) => Math.Round((to - from) / (double)Stopwatch.Frequency, 3);

    /// <summary>Waits for a condition, failing the run with <paramref name="what"/> if it does not hold in time.</summary>
    public async Task MustAsync(Func<bool> condition, TimeSpan within, string what, CancellationToken ct)
    {
        Progress.Detail = what;
        if (!await Observer.WaitAsync(condition, within, ct))
        {
            throw new TimeoutException($"timed out after {within.TotalSeconds:0} s waiting until {what}");
        }
    }

    /// <summary>Waits until <paramref name="counter"/> has not moved for <paramref name="quiet"/> (bounded by 60 s).</summary>
    public static async Task QuietAsync(Func<long> counter, TimeSpan quiet, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        var last = counter();
        var since = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(since) < quiet && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100, ct);
            var now = counter();
            if (now != last)
            {
                last = now;
                since = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>Syncer exited or a wait timed out: the scenario failed, the run goes on (not a cancellation).</summary>
    public static bool IsScenarioFailure(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is InvalidOperationException or TimeoutException or HttpRequestException;

    /// <summary>p-th percentile (0..100) of <paramref name="values"/>, nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
