using ScottPlot;

namespace Syncer.Benchmarks.Reporting;

/// <summary>The growth series drawn with ScottPlot: cold-start time (Syncer and floor) and settled memory against Secrets.</summary>
internal static class GrowthChart
{
    public static IReadOnlyList<string> Save(IReadOnlyList<ScenarioResult> rows, string folder)
    {
        var cold = rows.Where(r => r.Scenario == "growth: cold start" && r.Seconds is not null).OrderBy(r => r.Secrets).ToList();
        var settled = rows.Where(r => r.Scenario == "growth: memory, settled" && r.WorkingSetMb is not null).OrderBy(r => r.Secrets).ToList();
        if (cold.Count == 0)
        {
            return [];
        }

        using var time = Chart("Cold start: time to all Secrets synced", "seconds",
            (cold, r => r.Seconds!.Value, "Syncer"), (cold, r => r.FloorSeconds ?? 0, "floor (raw client)"));
        using var memory = Chart("Syncer memory, settled after the cold start", "MiB",
            (settled, r => r.WorkingSetMb!.Value, "working set"), (settled, r => r.HeapMb ?? 0, "managed heap after last GC"));
        var timePath = Path.Combine(folder, "growth-time.png");
        var memoryPath = Path.Combine(folder, "growth-memory.png");
        time.SavePng(timePath, 800, 500);
        memory.SavePng(memoryPath, 800, 500);
        return [timePath, memoryPath];
    }

    private static Plot Chart(string title, string unit, params (List<ScenarioResult> Rows, Func<ScenarioResult, double> Y, string Label)[] lines)
    {
        var plot = new Plot();
        foreach (var (rows, y, label) in lines)
        {
            var scatter = plot.Add.Scatter(rows.Select(r => (double)r.Secrets).ToArray(), rows.Select(y).ToArray());
            scatter.LegendText = label;
            scatter.MarkerSize = 8;
        }

        plot.Title(title);
        plot.XLabel("labeled Secrets");
        plot.YLabel(unit);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
