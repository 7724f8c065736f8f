using System.Diagnostics.Metrics;
using Prometheus;

namespace Syncer.Observability;

/// <summary>
/// Which .NET meters reach /metrics through prometheus-net's meter adapter (on by default for the default registry:
/// the runtime, Kestrel, HttpClient, Quartz). Quartz's per-job instruments (<c>quartz.job.*</c>) are left out: they
/// are labelled with the job and trigger names, which are Secrets' names and namespaces, so each Secret added a
/// series set (a 25-bucket histogram and a gauge) to every scrape: at 5,000 Secrets /metrics was 40 MB and 145,000
/// series, and recording them took a third of the CPU of a full refresh (docs/performance.md). Labels stay bounded
/// (STYLE 17); Syncer's own <c>syncer_sync_duration_seconds</c> covers what the job histogram said.
/// </summary>
internal static class MeterExport
{
    /// <summary>Registers the filter; takes effect at the default registry's first collection (the first scrape).</summary>
    public static void Configure() => Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = IsExported);

    public static bool IsExported(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return !instrument.Name.StartsWith("quartz.job.", StringComparison.Ordinal);
    }
}
