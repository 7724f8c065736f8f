using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Syncer.Benchmarks.Measuring;

/// <summary>
/// The real Syncer binary as a separate process (`dotnet Syncer.dll`), with the container's runtime settings
/// (<see cref="RuntimeSettings"/>), against the sandbox's kubeconfig and Vault, its output kept in a log file.
/// </summary>
internal sealed class SyncerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private SyncerProcess(Process process, StreamWriter log, string logFile, int port, long started)
    {
        _process = process;
        _log = log;
        LogFile = logFile;
        Port = port;
        Started = started;
    }

    /// <summary>Every Syncer this run started and has not stopped, so a crash of the bench kills them too.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Running = new();

    public int Pid => _process.Id;
    public int Port { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long Started { get; }

    public bool HasExited => _process.HasExited;

    public string LogFile { get; }

    /// <summary>Why the process is gone, for the report: its exit code, and out of memory when its log says so.</summary>
    public string ExitReason()
    {
        var oom = File.Exists(LogFile) && File.ReadLines(LogFile).Any(l => l.Contains("OutOfMemoryException", StringComparison.Ordinal));
        return $"Syncer exited with {_process.ExitCode}{(oom ? ", out of memory (the heap limit of the image's settings)" : "")}; see {Path.GetFileName(LogFile)}";
    }

    public static SyncerProcess Start(string dll, string logFile, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
        };
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name); // only the container's settings, not whatever this shell carries
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        // Run from its own folder as the image does (WORKDIR /app), so its appsettings.json applies; its "Urls"
        // (port 8080) is overridden by the environment, which comes after the file.
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        var started = Stopwatch.GetTimestamp();
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SyncerProcess(process, log, logFile, port, started);
    }

    public async Task WaitReadyAsync(TimeSpan within, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (!HasExited && !await IsReadyAsync(ct))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"Syncer did not become ready within {within}; see its log");
            }

            await Task.Delay(100, ct);
        }

        if (HasExited)
        {
            throw new InvalidOperationException($"Syncer exited with {_process.ExitCode} before it was ready; see its log");
        }
    }

    /// <summary>Working set now and at its peak (VmRSS, VmHWM) and CPU time (user + system), from /proc.</summary>
    public ProcessSample Sample()
    {
        var status = File.ReadAllLines($"/proc/{Pid}/status");
        long Kb(string field) => long.Parse(status.First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessSample(Kb("VmRSS:"), Kb("VmHWM:"), ticks / (double)ClockTicksPerSecond());
    }

    /// <summary>Resets the peak working set (VmHWM) so the next sample's peak is this scenario's.</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{Pid}/clear_refs", "5");

    public async Task<RuntimeSample> ScrapeAsync(CancellationToken ct) => RuntimeSample.Parse(await MetricsTextAsync(ct));

    /// <summary>Syncer's /metrics as Prometheus would scrape it.</summary>
    public Task<string> MetricsTextAsync(CancellationToken ct) => _http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/metrics"), ct);

    /// <summary>SIGTERM, as the kubelet stops a pod; killed if it has not exited within 30 s.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Kills every Syncer still running (the bench is exiting abnormally).</summary>
    public static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
        _http.Dispose();
        await _log.DisposeAsync();
    }

    private async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{Port}/readyz"), ct);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long ClockTicksPerSecond() => 100; // USER_HZ on Linux
}

/// <summary>From /proc: bytes, bytes, seconds.</summary>
internal sealed record ProcessSample(long WorkingSet, long PeakWorkingSet, double CpuSeconds);
