using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Syncer.Chaos.Leaks;
using Syncer.Doubles;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Kubernetes.Controllers;
using Syncer.Doubles.Vault;
using Syncer.Observability;
using Syncer.Spec;
using Syncer.Tests.Hosting;

namespace Syncer.Tests.Faults;

/// <summary>
/// The fault matrix's world: the Kubernetes double with its workload controllers, the Vault double behind a
/// <see cref="LoopbackGate"/> (for connection refused), and the real Syncer host (AddSyncer, real clients) with its logs
/// collected at Trace. Syncer logs in with a policy-bound token from a file, as with Vault Agent. One Secret,
/// <c>shop/app</c>, is filled from <c>&lt;mount&gt;/shop/app</c> (two unique, greppable values) with a 1 s refresh and
/// consumed by the Deployment <c>shop/web</c>; <see cref="Secrets"/> records every version of every Secret in shop.
/// The bench's own requests use a token counted apart, so <c>Api.Requests</c> and <c>Api.UnchangedWrites</c> are Syncer's.
/// </summary>
internal sealed class FaultBench : IAsyncDisposable
{
    public const string Namespace = "shop";
    public const string SecretName = "app";
    public const string Workload = "web";

    /// <summary>Rollouts of shop/web a written change must cause: exactly one (PRODUCT.md promise 3).</summary>
    public const int RolloutsPerChange = 1;

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("fault-bench-").FullName;

    private FaultBench(KubeApiDouble api, ClusterControllers controllers, VaultDouble vault, LoopbackGate gate, IKubernetes client, string mount)
    {
        (Api, Controllers, Vault, VaultGate, Client, Mount) = (api, controllers, vault, gate, client, mount);
        Secrets = SecretVersions.Start(client, Namespace);
    }

    public KubeApiDouble Api { get; }

    public ClusterControllers Controllers { get; }

    public VaultDouble Vault { get; }

    public LoopbackGate VaultGate { get; }

    /// <summary>The bench's own client (counted apart from Syncer, spared by the faults).</summary>
    public IKubernetes Client { get; }

    public string Mount { get; }

    public SecretVersions Secrets { get; }

    public FakeLogCollector Logs { get; } = new();

    public LeakValues Values { get; } = new(new Random());

    private SyncerTestHost? _host;

    public SyncerTestHost Host => _host ?? throw new InvalidOperationException("The bench has not started Syncer.");

    public SyncerMetrics Metrics => Host.Services.GetRequiredService<SyncerMetrics>();

    public string TokenFile => Path.Combine(_directory, "vault-token");

    /// <summary>The managed data once the bench was ready: what every fault must leave byte for byte.</summary>
    public IReadOnlyDictionary<string, byte[]> Baseline { get; private set; } = new Dictionary<string, byte[]>();

    /// <summary>Syncer's reads of the Secret's path: one per wave (1 s refresh).</summary>
    public long VaultReads => Vault.Requests.Count("GET", $"{Mount}/data/{VaultPath}");

    /// <summary>The world with Syncer running in this process (AddSyncer), the first fill done.</summary>
    public static async Task<FaultBench> StartAsync(CancellationToken ct, string mount = "secret", IDictionary<string, string?>? settings = null)
    {
        var bench = await StartWorldAsync(ct, mount);
        await bench.StartHostAsync(settings, ct);
        return bench;
    }

    /// <summary>
    /// The world without Syncer (Vault written, the Secret and its consumer created, Syncer's token file), for a test
    /// that runs the real binary itself (<c>Syncer.Chaos.SyncerProcess</c>, <see cref="Directory"/> for its files).
    /// </summary>
    public static async Task<FaultBench> StartWorldAsync(CancellationToken ct, string mount = "secret")
    {
        var api = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = [Namespace, "syncer-system"] }, ct);
        var controllers = await ClusterControllers.StartAsync(api, cancellationToken: ct);
        var vault = await VaultDouble.StartAsync(new VaultDoubleOptions { Mounts = mount == "secret" ? [] : [VaultMount.Kv(mount, 2)] }, ct);
        api.AddToken("fault-bench", "fault-bench", new RequestCounter(), new AccessRule(["*"], ["*"]));
        var bench = new FaultBench(api, controllers, vault, LoopbackGate.Start(vault.Address), new k8s.Kubernetes(api.CreateClientConfiguration("fault-bench")), mount);
        await bench.SeedWorldAsync(ct);
        return bench;
    }

    /// <summary>A directory of the bench's own, removed with it.</summary>
    public string Directory => _directory;

    /// <summary>The path under the mount: shop/app.</summary>
    public static string VaultPath => $"{Namespace}/{SecretName}";

    /// <summary>Writes a new version of the Secret's path with new unique values; returns them as the Secret would hold them.</summary>
    public IReadOnlyDictionary<string, byte[]> WriteVault() =>
        WriteVault(new Dictionary<string, string> { ["password"] = Values.Next("password"), ["user"] = Values.Next("user") });

    /// <summary>Writes the baseline values again, as a new version (after a delete, a destroy, a disabled mount).</summary>
    public void RestoreVault() => WriteVault(Baseline.ToDictionary(kv => kv.Key, kv => System.Text.Encoding.UTF8.GetString(kv.Value)));

    private IReadOnlyDictionary<string, byte[]> WriteVault(Dictionary<string, string> values)
    {
        Vault.WriteSecret(Mount, VaultPath, values.ToDictionary(kv => kv.Key, kv => (object?)kv.Value));
        return values.ToDictionary(kv => kv.Key, kv => System.Text.Encoding.UTF8.GetBytes(kv.Value));
    }

    /// <summary>Writes the Vault token file Syncer logs in with (the token method re-reads it at each login).</summary>
    public string IssueToken(TimeSpan ttl, bool renewable = true)
    {
        var token = Vault.CreateToken(new TokenSpec(["syncer"], ttl, ttl * 2, renewable));
        File.WriteAllText(TokenFile, token);
        return token;
    }

    /// <summary>Waits until Syncer has read the Secret's path <paramref name="count"/> more times (waves, by request count).</summary>
    public async Task WavesAsync(int count, CancellationToken ct)
    {
        var target = VaultReads + count;
        await Eventually.HoldsAsync(() => VaultReads >= target, $"{count} more reads of the path", ct, TimeSpan.FromSeconds(30));
    }

    /// <summary>Rollouts of shop/web so far: its ReplicaSets beyond the first.</summary>
    public async Task<int> RolloutsAsync(CancellationToken ct) =>
        (await Client.AppsV1.ListNamespacedReplicaSetAsync(Namespace, labelSelector: $"app={Workload}", cancellationToken: ct)).Items.Count - 1;

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(CancellationToken ct) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(Namespace, cancellationToken: ct)).Items];

    public async ValueTask DisposeAsync()
    {
        // FAULT_BENCH_LOG=<file>: Syncer's log of the (last) bench, to debug a failing fault test.
        if (Environment.GetEnvironmentVariable("FAULT_BENCH_LOG") is { Length: > 0 } debugLog)
        {
            await File.WriteAllLinesAsync(debugLog, Logs.GetSnapshot().Select(r => $"{r.Timestamp:HH:mm:ss.fff} {r.Level} {r.Category} {r.Message} {r.Exception?.Message}"));
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Secrets.DisposeAsync();
        await VaultGate.DisposeAsync();
        await Controllers.DisposeAsync();
        Client.Dispose();
        await Vault.DisposeAsync();
        await Api.DisposeAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private async Task SeedWorldAsync(CancellationToken ct)
    {
        Vault.PutPolicy("syncer", new PolicyRule($"{Mount}/data/*", "read"));
        IssueToken(TimeSpan.FromHours(1));
        Baseline = WriteVault();
        await Client.CoreV1.CreateNamespacedSecretAsync(ManagedSecret(SecretName, $"{Mount}/{VaultPath}"), Namespace, cancellationToken: ct);
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Consumer(Workload, SecretName), Namespace, cancellationToken: ct);
    }

    private async Task StartHostAsync(IDictionary<string, string?>? extra, CancellationToken ct)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Vault:Address"] = VaultGate.Address.ToString(),
            ["Vault:Auth:TokenFile"] = TokenFile,
            ["Vault:RequestTimeout"] = "00:00:02",
            ["Vault:Retry:MinWait"] = "00:00:00.050",
            ["Vault:Retry:MaxWait"] = "00:00:00.100",
            ["Vault:NegativeCacheDuration"] = "00:00:01",
            ["Vault:SingleFlightWindow"] = "00:00:00",
            ["Syncer:Sync:MinimumRefresh"] = "00:00:01",
            ["Syncer:Scheduling:MaxJitter"] = "00:00:00",
            ["Syncer:Scheduling:RetryInitialDelay"] = "00:00:00.200",
            ["Syncer:Scheduling:RetryMaxDelay"] = "00:00:01",
            ["Syncer:Restart:Debounce"] = "00:00:00", // a needless rollout shows within the waves a test waits
            ["Syncer:Restart:RetryInitialDelay"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Syncer"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Quartz"] = "Trace",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        _host = SyncerTestHost.Build(Api.CreateClientConfiguration(), settings, realSyncEngine: true,
            configure: b => b.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        await Host.StartAsync(ct);
        await FilledAsync(ct);
    }

    /// <summary>Waits for the first fill: the Secret holds the baseline, and its Synced Event is recorded.</summary>
    public async Task FilledAsync(CancellationToken ct)
    {
        await Eventually.HoldsAsync(() => Secrets.Latest(SecretName) is { } s && SecretVersions.SameData(SecretVersions.Managed(s), Baseline),
            "the first fill", ct, TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(async () => (await EventsAsync(ct)).Any(e => e.Reason == "Synced"), "the Synced Event", ct);
    }

    public static V1Secret ManagedSecret(string name, string path) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = SyncAnnotations.EnabledValue },
            Annotations = new Dictionary<string, string> { [SyncAnnotations.Path] = path, [SyncAnnotations.Refresh] = "1s" },
        },
        Type = "Opaque",
    };

    private static V1Deployment Consumer(string name, string secret) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers = [new V1Container { Name = "app", Image = "app:1", EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = secret } }] }],
                },
            },
        },
    };
}
