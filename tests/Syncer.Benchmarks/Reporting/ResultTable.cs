using System.Globalization;
using System.Text;

namespace Syncer.Benchmarks.Reporting;

/// <summary>The table printed at the end (Markdown, so docs/performance.md can hold it as printed) and the checks.</summary>
internal static class ResultTable
{
    private static readonly string[] Headers =
    [
        "scenario", "latency", "Secrets", "Syncer s", "floor s", "ratio", "Vault reads (floor)", "Vault other",
        "K8s Secret get/list", "Secret patches (floor)", "Events", "workload patches (floor)", "data writes", "rollouts",
        "p50/p99 ms (floor)", "WS MB", "peak WS MB", "heap MB", "alloc MB", "CPU s",
    ];

    public static string Render(IReadOnlyList<ScenarioResult> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", Headers) + " |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", Headers.Length)));
        foreach (var r in rows)
        {
            string[] cells =
            [
                r.Scenario, r.Latency, N(r.Secrets), F(r.Seconds, "0.0"), F(r.FloorSeconds, "0.0"), F(r.Ratio, "0.00"),
                $"{N(r.VaultReads)} ({N(r.FloorVault.GetValueOrDefault("read"))})",
                N(r.Vault.Where(kv => kv.Key != "read").Sum(kv => kv.Value)),
                $"{N(r.Count("get secrets"))}/{N(r.Count("list secrets"))}",
                $"{N(r.Count("patch secrets"))} ({N(r.FloorKubernetes.GetValueOrDefault("patch secrets"))})",
                N(r.Count("create events")),
                $"{N(r.Count("patch deployments"))} ({N(r.FloorKubernetes.GetValueOrDefault("patch deployments"))})",
                r.DataWrites is { } d ? N(d) : "", r.Rollouts is { } o ? N(o) : "",
                r.P50Ms is null ? "" : $"{F(r.P50Ms, "0")}/{F(r.P99Ms, "0")} ({F(r.FloorP50Ms, "0")}/{F(r.FloorP99Ms, "0")})",
                F(r.WorkingSetMb, "0.0"), F(r.PeakWorkingSetMb, "0.0"), F(r.HeapMb, "0.0"), F(r.AllocatedMb, "0"), F(r.CpuSeconds, "0.0"),
            ];
            text.AppendLine("| " + string.Join(" | ", cells) + " |");
        }

        return text.ToString();
    }

    /// <summary>Time and memory per Secret of the growth series: least-squares slopes over the sizes run.</summary>
    public static string Slopes(IReadOnlyList<ScenarioResult> rows)
    {
        var cold = rows.Where(r => r.Scenario == "growth: cold start" && r.Seconds is not null).ToList();
        var settled = rows.Where(r => r.Scenario == "growth: memory, settled" && r.WorkingSetMb is not null).ToList();
        if (cold.Count < 2)
        {
            return "";
        }

        var time = Slope(cold.Select(r => ((double)r.Secrets, r.Seconds!.Value)));
        var floor = Slope(cold.Select(r => ((double)r.Secrets, r.FloorSeconds ?? 0)));
        var ws = Slope(settled.Select(r => ((double)r.Secrets, r.WorkingSetMb!.Value)));
        var heap = Slope(settled.Select(r => ((double)r.Secrets, r.HeapMb ?? 0)));
        return string.Create(CultureInfo.InvariantCulture,
            $"growth slopes: cold start {time * 1000:0.00} ms per Secret (floor {floor * 1000:0.00} ms); working set {ws * 1024:0.00} KB per Secret, managed heap {heap * 1024:0.00} KB per Secret");
    }

    public static double Slope(IEnumerable<(double X, double Y)> points)
    {
        var p = points.ToList();
        var mx = p.Average(q => q.X);
        var my = p.Average(q => q.Y);
        var den = p.Sum(q => (q.X - mx) * (q.X - mx));
        return den == 0 ? 0 : p.Sum(q => (q.X - mx) * (q.Y - my)) / den;
    }

    public static string Checks(IReadOnlyList<ScenarioResult> rows)
    {
        var text = new StringBuilder();
        foreach (var r in rows.Where(r => r.Checks.Count > 0))
        {
            text.AppendLine($"{r.Scenario} ({r.Latency}, {r.Secrets:N0} Secrets): {r.Note}");
            r.Checks.ForEach(c => text.AppendLine("  " + c));
        }

        return text.ToString();
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";
}
