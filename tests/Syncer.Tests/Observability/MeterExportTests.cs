using System.Diagnostics.Metrics;
using System.Text;
using Prometheus;
using Syncer.Observability;

namespace Syncer.Tests.Observability;

/// <summary>
/// The meter adapter with Syncer's filter, over a registry of its own: Quartz's per-job instruments carry Secrets'
/// names as labels and must not reach /metrics; its bounded ones and the runtime's still do.
/// </summary>
public sealed class MeterExportTests
{
    [Fact(Timeout = 30_000)]
    public async Task MeterAdapter_WithSyncersFilter_LeavesOutQuartzPerJobSeriesAndKeepsTheRest()
    {
        var registry = Metrics.NewCustomRegistry();
        using var adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = Metrics.WithCustomRegistry(registry),
            InstrumentFilterPredicate = MeterExport.IsExported,
        });
        using var meter = new Meter("Quartz." + Guid.NewGuid().ToString("N")[..8]);
        var execution = meter.CreateHistogram<double>("quartz.job.execution.duration", "s");
        var active = meter.CreateUpDownCounter<long>("quartz.job.execution.active");
        var acquired = meter.CreateCounter<long>("quartz.trigger.acquired");

        KeyValuePair<string, object?>[] job = [new("quartz.job.name", "s-00042"), new("quartz.job.group", "team-007")];
        execution.Record(0.002, job);
        active.Add(1, job);
        acquired.Add(3);

        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        var exposition = Encoding.UTF8.GetString(stream.ToArray());

        Assert.Contains("quartz_trigger_acquired", exposition, StringComparison.Ordinal);
        Assert.DoesNotContain("job_execution", exposition, StringComparison.Ordinal);
        Assert.DoesNotContain("s-00042", exposition, StringComparison.Ordinal);
        Assert.DoesNotContain("team-007", exposition, StringComparison.Ordinal);
    }
}
