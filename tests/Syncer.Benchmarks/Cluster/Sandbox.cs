using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Syncer.Doubles;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Kubernetes.Controllers;
using Syncer.Doubles.Vault;

namespace Syncer.Benchmarks.Cluster;

/// <summary>
/// The sandbox, in this process: the Kubernetes double with the workload controllers beside it, and the Vault
/// double. Three kinds of traffic reach it and are counted apart: the controllers' (their own counter), the
/// harness's (seeding, the burst's creates, the observer's watches: its own counter, outside fault injection) and
/// the code under test's, Syncer's or the floor's, which run one at a time: <see cref="KubeApiDouble.Requests"/>
/// and <see cref="VaultDouble.Requests"/>, with the injected latency.
/// </summary>
internal sealed class Sandbox : IAsyncDisposable
{
    private Sandbox(KubeApiDouble kube, ClusterControllers controllers, VaultDouble vault, ILoggerFactory logging, string harnessToken, string directory)
    {
        Kube = kube;
        Controllers = controllers;
        Vault = vault;
        _logging = logging;
        Harness = kube.CreateHttpClient();
        Harness.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", harnessToken);
        Harness.Timeout = TimeSpan.FromMinutes(30); // watches stay open
        Kubeconfig = kube.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
    }

    private readonly ILoggerFactory _logging;

    public KubeApiDouble Kube { get; }
    public ClusterControllers Controllers { get; }
    public VaultDouble Vault { get; }

    /// <summary>The harness's own client (admin rights, counted in <see cref="HarnessRequests"/>, no injected faults).</summary>
    public HttpClient Harness { get; }

    public RequestCounter HarnessRequests { get; } = new();

    /// <summary>For Syncer: the admin token, counted in the double's own counter.</summary>
    public string Kubeconfig { get; }

    public static async Task<Sandbox> StartAsync(BenchOptions options, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var kube = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions
        {
            Namespaces = ["syncer-system"],
            WatchHistory = 200_000, // a watch resumed after a burst of writes never needs a re-list
        }, ct);
        var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error));
        var controllers = await ClusterControllers.StartAsync(kube,
            new ClusterControllersOptions { PodReadyDelay = options.PodReady, LoggerFactory = logging }, ct);
        var vault = await VaultDouble.StartAsync(cancellationToken: ct);
        var harnessToken = "bench-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        var sandbox = new Sandbox(kube, controllers, vault, logging, harnessToken, directory);
        kube.AddToken(harnessToken, "bench-harness", sandbox.HarnessRequests, new AccessRule(["*"], ["*"]));
        return sandbox;
    }

    /// <summary>Latency before every request of the code under test (the harness and the controllers are spared).</summary>
    public void SetLatency(LatencyProfile profile)
    {
        Kube.Faults.Latency = profile.Kube;
        Vault.Faults.Latency = profile.Vault;
    }

    /// <summary>Zeroes the counters of the code under test (Syncer or floor) before a measured window.</summary>
    public void ResetCounters()
    {
        Kube.Requests.Reset();
        Vault.Requests.Reset();
    }

    public async ValueTask DisposeAsync()
    {
        Harness.Dispose();
        await Controllers.DisposeAsync();
        await Vault.DisposeAsync();
        await Kube.DisposeAsync();
        _logging.Dispose();
    }
}
