using System.Globalization;
using System.Text.RegularExpressions;

namespace Syncer.Benchmarks.Measuring;

/// <summary>
/// The container's .NET runtime settings, read from the Dockerfile's <c>ENV</c> lines (every <c>DOTNET_*</c>), so the
/// bench runs Syncer as the image does. A heap limit given as a percent (<c>DOTNET_GCHeapHardLimitPercent</c>) is a
/// percent of the container's memory limit; outside a container the runtime would take it of the machine's memory,
/// so it becomes the same absolute limit (<c>DOTNET_GCHeapHardLimit</c>) of the manifest's limit.
/// </summary>
internal static partial class RuntimeSettings
{
    public static Dictionary<string, string> FromDockerfile(string dockerfile, long memoryLimitBytes)
    {
        var text = File.ReadAllText(dockerfile).Replace("\\\n", " ", StringComparison.Ordinal);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (Match m in Assignment().Matches(line[4..]))
            {
                if (m.Groups[1].Value.StartsWith("DOTNET_", StringComparison.Ordinal))
                {
                    settings[m.Groups[1].Value] = m.Groups[2].Value;
                }
            }
        }

        if (settings.Remove("DOTNET_GCHeapHardLimitPercent", out var percent))
        {
            // GC settings are hexadecimal, with or without 0x.
            var share = long.Parse(percent.Replace("0x", "", StringComparison.OrdinalIgnoreCase), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            settings["DOTNET_GCHeapHardLimit"] = "0x" + (memoryLimitBytes * share / 100).ToString("X", CultureInfo.InvariantCulture);
        }

        return settings;
    }

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S+)")]
    private static partial Regex Assignment();
}
