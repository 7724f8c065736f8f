using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Syncer.Doubles.Kubernetes;

namespace Syncer.Chaos;

/// <summary>
/// The real Syncer binary as a separate process (<c>dotnet Syncer.dll</c>, as the container runs it), with its
/// settings in environment variables, its console log (JSON, Trace) in a file per start, and /metrics on a loopback
/// port of its own. <see cref="Kill"/> is SIGKILL: no shutdown hook, no Lease release, nothing flushed; a restart keeps
/// <c>POD_NAME</c>, as a container restarted in its pod does.
/// </summary>
public sealed class SyncerProcess(string syncerDll, IReadOnlyDictionary<string, string> environment, string logDirectory) : IAsyncDisposable
{
    /// <summary>Syncer's own namespace (its Lease, its hash key): the double must have it.</summary>
    public const string Namespace = "syncer-system";

    private readonly List<string> _logs = [];
    private Process? _process;
    private int _port;

    /// <summary>The log files of every start so far.</summary>
    public IReadOnlyList<string> LogFiles => _logs;

    public int Starts => _logs.Count;

    public int Kills { get; private set; }

    public bool Running => _process is { HasExited: false };

    public Uri? Address => _process is null ? null : new Uri($"http://127.0.0.1:{_port}/");

    /// <summary>
    /// The settings a chaos run gives Syncer, as environment variables: the double's kubeconfig (written to
    /// <paramref name="directory"/>), Vault at <paramref name="vault"/> with a token file (as Vault Agent writes it),
    /// JSON logs at Trace, and short retry and cache times so faults heal within a run.
    /// </summary>
    public static Dictionary<string, string> Settings(KubeApiDouble api, Uri vault, string tokenFile, string directory)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(vault);
        return new()
        {
            ["KUBECONFIG"] = api.WriteKubeconfig(Path.Combine(directory, "kubeconfig")),
            ["VAULT_ADDR"] = vault.ToString().TrimEnd('/'),
            ["VAULT_TOKEN"] = "",
            ["VAULT_NAMESPACE"] = "",
            ["Vault__Auth__TokenFile"] = tokenFile,
            ["POD_NAME"] = "syncer-chaos",
            ["POD_NAMESPACE"] = Namespace,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Syncer"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
            ["Logging__LogLevel__Quartz"] = "Trace",
            ["Syncer__Sync__MinimumRefresh"] = "00:00:02",
            ["Syncer__Scheduling__RetryInitialDelay"] = "00:00:00.500",
            ["Syncer__Scheduling__RetryMaxDelay"] = "00:00:05",
            ["Syncer__Discovery__RetryInitialDelay"] = "00:00:00.100",
            ["Syncer__Discovery__RetryMaxDelay"] = "00:00:02",
            ["Syncer__Restart__RetryInitialDelay"] = "00:00:01",
            ["Syncer__Restart__RetryMaxDelay"] = "00:00:05",
            ["Vault__RequestTimeout"] = "00:00:02",
            ["Vault__Retry__MinWait"] = "00:00:00.100",
            ["Vault__Retry__MaxWait"] = "00:00:00.200",
            ["Vault__NegativeCacheDuration"] = "00:00:02",
        };
    }

    /// <summary>Starts Syncer with the environment given at construction, and <paramref name="overrides"/> over it for this start only.</summary>
    public void Start(IReadOnlyDictionary<string, string>? overrides = null)
    {
        if (Running)
        {
            throw new InvalidOperationException("Syncer is already running.");
        }

        _port = FreePort();
        var log = Path.Combine(logDirectory, $"syncer-{_logs.Count + 1}.log");
        _logs.Add(log);
        // exec: the shell becomes dotnet, so the pid is Syncer's and a kill reaches it; the redirection needs no reader.
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"exec dotnet \"{syncerDll}\" >>\"{log}\" 2>&1"]) { UseShellExecute = false };
        var settings = environment.ToDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            if (value.Length == 0)
            {
                start.Environment.Remove(key); // "": not inherited from this process either
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        start.Environment["Urls"] = $"http://127.0.0.1:{_port}";
        _process = Process.Start(start) ?? throw new InvalidOperationException("Syncer did not start.");
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Unix), then waits for the process to be gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        process.Kill();
        await process.WaitForExitAsync(cancellationToken);
        Kills++;
    }

    /// <summary>A graceful stop (SIGTERM, as the kubelet sends first): running syncs finish and the log is flushed.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(cancellationToken);
        }

        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(); // past the grace period, as the kubelet does
        }
    }

    /// <summary>The Prometheus text of /metrics, or null when Syncer does not answer.</summary>
    public async Task<string?> ScrapeMetricsAsync(CancellationToken cancellationToken)
    {
        if (Address is not { } address || !Running)
        {
            return null;
        }

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return await http.GetStringAsync("/metrics", cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Waits until /readyz answers 200 (every informer listed, leading, Vault login working).</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within && Running)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Address!, "/readyz"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // not listening yet
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
