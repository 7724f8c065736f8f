using System.Globalization;

namespace Syncer.Chaos;

/// <summary>
/// What a run does. The seed fixes the world and the sequence of steps; <see cref="Duration"/> and <see cref="MaxSteps"/>
/// bound how many steps run (on a busy machine fewer fit in a duration, but the first ones are the same).
/// </summary>
public sealed record ChaosOptions
{
    public int Seed { get; init; } = Random.Shared.Next();

    /// <summary>Wall time given to the fault phase (steps go on until it passes or <see cref="MaxSteps"/> are done).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    public int MaxSteps { get; init; } = int.MaxValue;

    public int Namespaces { get; init; } = 6;

    public int SecretsPerNamespace { get; init; } = 40;

    public int PathsPerNamespace { get; init; } = 10;

    public int DeploymentsPerNamespace { get; init; } = 20;

    /// <summary>Secrets' refresh intervals are drawn from this range, in seconds.</summary>
    public (int Min, int Max) RefreshSeconds { get; init; } = (4, 10);

    /// <summary>
    /// Syncer's <c>Syncer:Restart:Debounce</c>: the checker allows at most one rollout per workload within it.
    /// Shorter than the default 5 s so a run sees more rollouts and a tighter bound.
    /// </summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Where logs, scraped metrics and the summary go.</summary>
    public string OutputDirectory { get; init; } = "";

    /// <summary>The Syncer binary (Syncer.dll) run with <c>dotnet</c>; found in the repository's build output when empty.</summary>
    public string SyncerDll { get; init; } = "";

    /// <summary>
    /// The short fixed-seed run of <c>make test</c>: a small world, 14 steps. Seed 7 writes twice to Secrets of one
    /// workload within the debounce window, a kill lands after the fill, a watch expires: a Syncer without its debounce
    /// fails this run (the first seed tried, 20261202, let that through).
    /// </summary>
    public static ChaosOptions Short(string outputDirectory) => new()
    {
        Seed = 7,
        Duration = TimeSpan.FromSeconds(40),
        MaxSteps = 14,
        Namespaces = 2,
        SecretsPerNamespace = 12,
        PathsPerNamespace = 4,
        DeploymentsPerNamespace = 4,
        RefreshSeconds = (2, 4),
        OutputDirectory = outputDirectory,
    };

    /// <summary>
    /// <c>--seed N --duration 10m --steps N --out DIR --syncer PATH --preset short</c>; durations as 90s, 10m, 1h or
    /// hh:mm:ss; the short preset (make test's world and steps) applies where it stands, so later options override it.
    /// </summary>
    public static ChaosOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ChaosOptions();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--seed" when value.Length > 0 => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => options,
                "--duration" => options with { Duration = ParseDuration(value) },
                "--steps" => options with { MaxSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => options with { OutputDirectory = value },
                "--syncer" => options with { SyncerDll = value },
                "--preset" when value == "short" => Short(options.OutputDirectory) with { Seed = options.Seed },
                _ => throw new ArgumentException($"unknown option {args[i]}; use --seed N --duration 10m --steps N --out DIR --syncer PATH"),
            };
        }

        return options;
    }

    private static TimeSpan ParseDuration(string text) => text[^1] switch
    {
        's' => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        'm' => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        'h' => TimeSpan.FromHours(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => TimeSpan.Parse(text, CultureInfo.InvariantCulture),
    };
}
