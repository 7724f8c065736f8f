using Syncer.Benchmarks.Measuring;
using Syncer.Benchmarks.Reporting;

namespace Syncer.Benchmarks.Scenarios;

/// <summary>Syncer on a cluster with no labeled Secret: its working set and heap once ready and settled.</summary>
internal sealed class IdleScenario(BenchContext context)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var row = new ScenarioResult { Scenario = "idle, no Secrets", Latency = "no latency", Secrets = 0 };
        context.Progress.Phase = "Syncer idle: start, ready, settle";
        var window = await Window.OpenAsync(context.Sandbox, null, ct);
        await using var syncer = context.StartSyncer(limited: false);
        window.Attach(syncer);
        await syncer.WaitReadyAsync(TimeSpan.FromMinutes(2), ct);
        await Task.Delay(context.Options.Settle, ct);
        await window.CloseAsync(row, floor: false, ct);
        row.Note = $"working set {context.Options.Settle.TotalSeconds:0} s after ready";
        context.Results.Add(row);
    }
}
