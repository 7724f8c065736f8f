using System.Diagnostics;
using System.Globalization;

namespace Syncer.Benchmarks.Measuring;

/// <summary>
/// <c>--heap-stat</c>: the live heap of a settled Syncer by type, to see where the memory per Secret goes. A
/// <c>dotnet-gcdump collect</c> first (it forces a full blocking GC, so the runtime's "heap after the last GC" is then
/// the live heap), then a heap dump read by <c>dotnet-dump analyze</c> with <c>dumpheap -stat -live</c> (bytes and
/// counts per type; the gcdump's own report gives neither reliably). Both tools are optional global tools
/// (<c>dotnet tool install -g dotnet-gcdump dotnet-dump</c>); the dump itself is deleted, the histogram kept.
/// </summary>
internal static class HeapStat
{
    /// <summary>Writes <c>heap-&lt;name&gt;.txt</c> in <paramref name="folder"/>; returns the live heap in bytes after the forced GC.</summary>
    public static async Task<double> CollectAsync(SyncerProcess syncer, string folder, string name, CancellationToken ct)
    {
        var gcdump = Path.Combine(folder, $"heap-{name}.gcdump");
        await RunAsync("dotnet-gcdump", ["collect", "-p", syncer.Pid.ToString(CultureInfo.InvariantCulture), "-o", gcdump], ct);
        var live = (await syncer.ScrapeAsync(ct)).HeapAfterLastGc;
        var dump = Path.Combine(folder, $"heap-{name}.dmp");
        try
        {
            await RunAsync("dotnet-dump", ["collect", "-p", syncer.Pid.ToString(CultureInfo.InvariantCulture), "--type", "Heap", "-o", dump], ct);
            var stat = await RunAsync("dotnet-dump", ["analyze", dump, "-c", "dumpheap -stat -live", "-c", "exit"], ct);
            await File.WriteAllTextAsync(Path.Combine(folder, $"heap-{name}.txt"), $"live heap after a forced full GC: {live:N0} bytes\n{stat}", ct);
        }
        finally
        {
            File.Delete(dump);
        }

        return live;
    }

    private static async Task<string> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken ct)
    {
        var tools = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", tool);
        var info = new ProcessStartInfo(File.Exists(tools) ? tools : tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {tool}");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
