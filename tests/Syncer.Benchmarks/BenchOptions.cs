using System.Globalization;

namespace Syncer.Benchmarks;

/// <summary>
/// What `make bench` runs: sizes, injected latencies, concurrency. Defaults are PRODUCT.md section 7's cluster;
/// <c>--quick</c> is the small size `make test` runs (counts asserted, times never).
/// </summary>
internal sealed record BenchOptions
{
    public int Secrets { get; init; } = 10_000;
    public int Namespaces { get; init; } = 100;
    public int Paths { get; init; } = 1_000;
    public int Workloads { get; init; } = 5_000;
    public int Burst { get; init; } = 1_000;
    public double RotatePercent { get; init; } = 1;

    /// <summary>Secret counts of the growth series (paths and workloads scale with them); empty: no series.</summary>
    public IReadOnlyList<int> Growth { get; init; } = [1_000, 10_000, 50_000];

    /// <summary>Syncer's <c>MaxConcurrentSyncs</c> and the floor's parallelism.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>
    /// The period of the cron schedule every Secret of the main cluster carries (all fall due at once: one full
    /// refresh per period). Whole seconds dividing a minute, or whole minutes dividing an hour.
    /// </summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Per-request latency profiles (Kubernetes, Vault); each runs the ratio scenarios once.</summary>
    public IReadOnlyList<LatencyProfile> Latencies { get; init; } =
        [new(TimeSpan.Zero, TimeSpan.Zero), new(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(5))];

    /// <summary>Also run the cold start with Vault's client-side rate limit at its default (50/s, bursts of 100).</summary>
    public bool LimitedColdStart { get; init; } = true;

    public int Replicas { get; init; } = 1;
    public TimeSpan PodReady { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Settle time before idle and loaded memory is read.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The container's memory limit (manifests/deployment.yaml); the heap limit percent applies to it.</summary>
    public long MemoryLimitBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// The memory limit the growth series runs under (the same for every size, so the slopes compare like with like):
    /// 50,000 Secrets do not fit the manifest's 256 MiB (docs/performance.md).
    /// </summary>
    public long GrowthMemoryLimitBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Extra environment for Syncer (<c>--env KEY=VALUE</c>, repeatable): runtime settings to try against the image's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string Output { get; init; } = "artifacts/bench";

    /// <summary>
    /// <c>--heap-stat</c>: after each "memory, settled" window, the live heap by type (<see cref="Measuring.HeapStat"/>)
    /// into the output folder. Needs dotnet-gcdump and dotnet-dump; off by default (it forces a GC and takes a dump).
    /// </summary>
    public bool HeapStat { get; init; }
    public string? SyncerDll { get; init; }
    public bool Quick { get; init; }

    /// <summary>The small size `make test` runs in about a minute.</summary>
    public static BenchOptions QuickSize(string output) => new()
    {
        Secrets = 200, Namespaces = 4, Paths = 20, Workloads = 100, Burst = 40, RotatePercent = 10, Growth = [],
        Refresh = TimeSpan.FromSeconds(10), Latencies = [new(TimeSpan.Zero, TimeSpan.Zero)], LimitedColdStart = false,
        PodReady = TimeSpan.Zero, Settle = TimeSpan.FromSeconds(1), Output = output, Quick = true,
    };

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var output = Value(args, "--out") ?? "artifacts/bench";
        var o = args.Contains("--quick") ? QuickSize(output) : new BenchOptions { Output = output };
        var parsed = o with
        {
            Secrets = Int(args, "--secrets") ?? o.Secrets,
            Namespaces = Int(args, "--namespaces") ?? o.Namespaces,
            Paths = Int(args, "--paths") ?? o.Paths,
            Workloads = Int(args, "--workloads") ?? o.Workloads,
            Burst = Int(args, "--burst") ?? o.Burst,
            Concurrency = Int(args, "--concurrency") ?? o.Concurrency,
            Replicas = Int(args, "--replicas") ?? o.Replicas,
            Refresh = Duration(Value(args, "--refresh")) ?? o.Refresh,
            PodReady = Duration(Value(args, "--pod-ready")) ?? o.PodReady,
            Settle = Duration(Value(args, "--settle")) ?? o.Settle,
            GrowthMemoryLimitBytes = Int(args, "--growth-memory-mib") is { } mib ? mib * 1024L * 1024 : o.GrowthMemoryLimitBytes,
            Growth = Value(args, "--growth") is { } g ? g is "none" ? [] : [.. g.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : o.Growth,
            Latencies = Value(args, "--latencies") is { } l ? l is "none" ? [] : [.. l.Split(',').Select(LatencyProfile.Parse)] : o.Latencies,
            LimitedColdStart = !args.Contains("--no-limited") && o.LimitedColdStart,
            HeapStat = args.Contains("--heap-stat"),
            SyncerDll = Value(args, "--syncer") ?? o.SyncerDll,
            Environment = args.Select((a, i) => a == "--env" && i + 1 < args.Count ? args[i + 1] : null).OfType<string>()
                .Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.Ordinal),
        };
        var seconds = parsed.Refresh.TotalSeconds;
        if (seconds % 1 != 0 || (seconds < 60 ? 60 % seconds != 0 : seconds % 60 != 0 || 60 % (seconds / 60) != 0))
        {
            throw new FormatException($"--refresh {parsed.Refresh}: whole seconds dividing a minute, or whole minutes dividing an hour");
        }

        return parsed;
    }

    public const string Usage = """
        Syncer.Benchmarks [--quick] [--secrets N] [--namespaces N] [--paths N] [--workloads N] [--burst N]
          [--concurrency N] [--refresh 1m] [--latencies 0/0,2ms/5ms|none] [--growth 1000,10000,50000|none] [--growth-memory-mib 1024] [--no-limited]
          [--replicas N] [--pod-ready 500ms] [--settle 10s] [--out artifacts/bench] [--syncer path/to/Syncer.dll] [--env KEY=VALUE]... [--heap-stat]
        """;

    private static string? Value(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    private static int? Int(IReadOnlyList<string> args, string name) =>
        Value(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    /// <summary>"500ms", "5s", "2m" or "0".</summary>
    public static TimeSpan? Duration(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0) : text.EndsWith('m') ? (text[..^1], 60.0) : (text, 1.0);
        return TimeSpan.FromSeconds(double.Parse(number, CultureInfo.InvariantCulture) * unit);
    }
}
