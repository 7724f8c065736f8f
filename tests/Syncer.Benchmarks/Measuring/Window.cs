using System.Diagnostics;
using Syncer.Benchmarks.Cluster;
using Syncer.Benchmarks.Reporting;

namespace Syncer.Benchmarks.Measuring;

/// <summary>
/// A measured window: the request counters of the code under test are zeroed when it opens; when it closes, they,
/// the Syncer process's CPU time and peak working set since the open, its working set, managed heap and bytes
/// allocated are written into a <see cref="ScenarioResult"/> (the floor's counts into the floor's columns).
/// </summary>
internal sealed class Window
{
    private readonly Sandbox _sandbox;
    private SyncerProcess? _syncer;
    private ProcessSample? _process;
    private RuntimeSample? _runtime;

    private Window(Sandbox sandbox, SyncerProcess? syncer)
    {
        _sandbox = sandbox;
        _syncer = syncer;
    }

    public long Opened { get; private set; }

    public static async Task<Window> OpenAsync(Sandbox sandbox, SyncerProcess? syncer, CancellationToken ct)
    {
        var window = new Window(sandbox, syncer);
        if (syncer is not null && !syncer.HasExited)
        {
            window._runtime = await TryScrapeAsync(syncer, ct);
            window._process = syncer.Sample();
            syncer.ResetPeak();
        }

        sandbox.ResetCounters();
        window.Opened = Stopwatch.GetTimestamp();
        return window;
    }

    /// <summary>A Syncer started after the window opened: its figures count from its start.</summary>
    public void Attach(SyncerProcess syncer) => _syncer = syncer;

    /// <summary>Syncer's figures (or, with <paramref name="floor"/>, the floor's counts only).</summary>
    public async Task CloseAsync(ScenarioResult result, bool floor, CancellationToken ct)
    {
        var vault = VaultKinds(_sandbox.Vault.Requests.Snapshot());
        var kube = _sandbox.Kube.Requests.Snapshot();
        if (floor)
        {
            result.FloorVault = vault;
            result.FloorKubernetes = kube;
            return;
        }

        result.Vault = vault;
        result.Kubernetes = kube;
        if (_syncer is null)
        {
            return;
        }

        var runtime = await TryScrapeAsync(_syncer, ct);
        var process = _syncer.Sample();
        result.WorkingSetMb = Mb(process.WorkingSet);
        result.PeakWorkingSetMb = Mb(process.PeakWorkingSet);
        result.CpuSeconds = process.CpuSeconds - (_process?.CpuSeconds ?? 0);
        if (runtime is not null)
        {
            result.HeapMb = Mb(runtime.HeapAfterLastGc);
            result.AllocatedMb = Mb(runtime.AllocatedBytes - (_runtime?.AllocatedBytes ?? 0));
        }
    }

    /// <summary>Vault requests by kind: read (KV data), mount lookup, login, renew, lookup-self, other.</summary>
    public static Dictionary<string, long> VaultKinds(IReadOnlyDictionary<string, long> requests)
    {
        var kinds = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (route, count) in requests)
        {
            var kind = route switch
            {
                _ when route.StartsWith($"GET {ClusterShape.Mount}/data/", StringComparison.Ordinal) => "read",
                _ when route.Contains("sys/internal/ui/mounts", StringComparison.Ordinal) => "mount lookup",
                _ when route.EndsWith("/login", StringComparison.Ordinal) => "login",
                _ when route.Contains("renew-self", StringComparison.Ordinal) => "renew",
                _ when route.Contains("lookup-self", StringComparison.Ordinal) => "lookup-self",
                _ => "other",
            };
            kinds[kind] = kinds.GetValueOrDefault(kind) + count;
        }

        return new Dictionary<string, long>(kinds, StringComparer.Ordinal);
    }

    public static double Mb(double bytes) => Math.Round(bytes / (1024 * 1024), 1);

    private static async Task<RuntimeSample?> TryScrapeAsync(SyncerProcess syncer, CancellationToken ct)
    {
        try
        {
            return await syncer.ScrapeAsync(ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
