using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Prometheus;
using Syncer.Observability;

namespace Syncer.Tests.Install;

/// <summary>
/// The metric names alerts and the dashboard may use: what <see cref="SyncerMetrics"/> exports today, what is promised
/// and not exported yet (none since the restart work exports its three), and prometheus-net's process metrics.
/// </summary>
internal static partial class MetricCatalog
{
    /// <summary>Names the code does not export yet; each leaves this list when its code lands (docs/operations.md).</summary>
    public static readonly IReadOnlyList<string> Planned = [];

    public static IReadOnlySet<string> Exported { get; } = typeof(SyncerMetrics)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The process_* metrics prometheus-net's default registry exports (DotNetStats), read from a real export.</summary>
    public static async Task<IReadOnlySet<string>> ProcessMetricsAsync(CancellationToken cancellationToken)
    {
        var registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, cancellationToken);
        return ProcessName().Matches(Encoding.UTF8.GetString(stream.ToArray())).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The syncer_* and process_* series names a PromQL expression reads (histogram suffixes folded).</summary>
    public static IEnumerable<string> NamesIn(string expression) =>
        MetricName().Matches(expression).Select(m => m.Value).Select(name =>
        {
            var folded = HistogramSeries().Replace(name, "");
            return folded != name && Exported.Contains(folded) ? folded : name;
        });

    [GeneratedRegex(@"\b(syncer|process)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\bprocess_[a-z0-9_]+\b")]
    private static partial Regex ProcessName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSeries();
}
