using System.Globalization;

namespace Syncer.Benchmarks.Measuring;

/// <summary>
/// The .NET runtime's own figures from Syncer's /metrics (prometheus-net exports the System.Runtime meter):
/// bytes allocated since start, the managed heap after the last GC, GC counts; and Syncer's own sync count.
/// </summary>
internal sealed record RuntimeSample(double AllocatedBytes, double HeapAfterLastGc, double ManagedMemory, double Gen2Collections, double Syncs)
{
    public static RuntimeSample Parse(string exposition)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                var name = line[..space];
                var brace = name.IndexOf('{', StringComparison.Ordinal);
                var family = brace < 0 ? name : name[..brace];
                values[name] = value;
                values[family + "#sum"] = values.GetValueOrDefault(family + "#sum") + value;
            }
        }

        return new RuntimeSample(
            values.GetValueOrDefault("system_runtime_dotnet_gc_heap_total_allocated"),
            values.GetValueOrDefault("system_runtime_dotnet_gc_last_collection_heap_size#sum"),
            values.GetValueOrDefault("dotnet_total_memory_bytes"),
            values.GetValueOrDefault("dotnet_collection_count_total{generation=\"2\"}"),
            values.GetValueOrDefault("syncer_syncs_total#sum"));
    }
}
