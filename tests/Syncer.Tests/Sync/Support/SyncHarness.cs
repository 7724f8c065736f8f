using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;
using Syncer.Kubernetes;
using Syncer.Observability;
using Syncer.Policy;
using Syncer.Restart;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Vault;
using Syncer.Vault.Auth;
using Syncer.Vault.Configuration;

namespace Syncer.Tests.Sync.Support;

/// <summary>
/// The real KubernetesClient and the real Vault client over loopback HTTP against the project's doubles, wired to a
/// <see cref="SecretSynchronizer"/> like the host does. The informer's part is played by <see cref="ObserveAsync"/>
/// (the Secret's metadata into the store, as a watch event brings it). The synchronizer's clock is fake (read-cache
/// windows and synced-at move only when a test advances it); logs are captured to check that no value ever leaks.
/// </summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    public const string Ns = "shop";

    private readonly ILoggerFactory _loggerFactory;
    private readonly k8s.Kubernetes _user;
    private bool _vaultStopped;

    private SyncHarness(
        KubeApiDouble kube, VaultDouble vault, PolicyOptions policy, Func<VaultDouble, string>? vaultToken, TimeSpan? kubernetesTimeout, SpecOptions? specOptions)
    {
        Kube = kube;
        Vault = vault;
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        var configuration = kube.CreateClientConfiguration();
        if (kubernetesTimeout is { } timeout)
        {
            configuration.HttpClientTimeout = timeout;
        }

        Client = new k8s.Kubernetes(configuration);
        // The test's own reads and writes, as a user's kubectl: never under the timeout a test gives Syncer's client.
        _user = new k8s.Kubernetes(kube.CreateClientConfiguration());
        var settings = new VaultClientSettings { Address = vault.Address.ToString(), SingleFlightWindow = TimeSpan.Zero };
        settings.Retry.MaxAttempts = 1;
        VaultClient = new VaultClient(settings, TokenAuthMethodInfo.FromToken(vaultToken?.Invoke(vault) ?? vault.RootToken), Metrics,
            _loggerFactory.CreateLogger<VaultClient>(), TimeProvider.System);

        var options = Options.Create(new SyncOptions { Namespace = "syncer" });
        ReadCache = new VaultReadCache(VaultClient, Time, Metrics);
        var secrets = new SecretClient(Client);
        var events = Recorder = new EventRecorder(Client, Time, NullLogger<EventRecorder>.Instance);
        Store = new ManagedSecretStore(Metrics, Time);
        HmacKeys = new HmacKeyStore(secrets, Store, new HmacKeyReporter(events, Metrics, _loggerFactory.CreateLogger<HmacKeyReporter>()), options,
            _loggerFactory.CreateLogger<HmacKeyStore>());
        var planner = new SecretPlanner();
        Synchronizer = new SecretSynchronizer(
            Store,
            secrets,
            new SyncSpecParser(Options.Create(specOptions ?? new SpecOptions()), Time),
            new SourceReader(new TenancyPolicy(Options.Create(policy)), VaultClient, ReadCache),
            new DesiredDataBuilder(),
            planner,
            HmacKeys,
            Workloads,
            new SyncReporter(secrets, planner, events, Metrics, _loggerFactory.CreateLogger<SyncReporter>()),
            Metrics,
            Time,
            options);
    }

    public KubeApiDouble Kube { get; }

    public VaultDouble Vault { get; }

    public IKubernetes Client { get; }

    public VaultClient VaultClient { get; }

    public HmacKeyStore HmacKeys { get; }

    /// <summary>The shared read cache: what a sync read from Vault stays here for its window.</summary>
    public VaultReadCache ReadCache { get; }

    public SecretSynchronizer Synchronizer { get; }

    public ManagedSecretStore Store { get; }

    /// <summary>The workload index the synchronizer asks before marking a rollout pending; empty and not complete (any Secret may have consumers) until a test fills it.</summary>
    public WorkloadIndex Workloads { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));

    public SyncerMetrics Metrics { get; } = new(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));

    public FakeLogCollector Logs { get; } = new();

    public EventRecorder Recorder { get; }

    public static async Task<SyncHarness> StartAsync(
        CancellationToken cancellationToken, PolicyOptions? policy = null, Func<VaultDouble, string>? vaultToken = null,
        TimeSpan? kubernetesTimeout = null, SpecOptions? specOptions = null, params string[] namespaces)
    {
        var kube = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = [Ns, "syncer", .. namespaces] }, cancellationToken);
        var vault = await VaultDouble.StartAsync(cancellationToken: cancellationToken);
        return new SyncHarness(kube, vault, policy ?? new PolicyOptions(), vaultToken, kubernetesTimeout, specOptions);
    }

    /// <summary>Observes the Secret as the informer would (its metadata into the store), then syncs it.</summary>
    public async Task<SyncResult> SyncAsync(string name = "db", string ns = Ns)
    {
        await ObserveAsync(name, ns);
        return await SyncObservedAsync(name, ns);
    }

    /// <summary>Syncs from what the store holds, without observing first (an informer that has not caught up).</summary>
    public Task<SyncResult> SyncObservedAsync(string name = "db", string ns = Ns) =>
        Synchronizer.SyncAsync(new SecretKey(ns, name), TestContext.Current.CancellationToken);

    /// <summary>The informer's part: a labeled Secret's metadata into the store; a missing or unlabeled one out of it.</summary>
    public async Task ObserveAsync(string name = "db", string ns = Ns)
    {
        V1Secret? secret;
        try
        {
            secret = await _user.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: TestContext.Current.CancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            secret = null;
        }

        if (secret is not null && SyncAnnotations.IsManaged(secret.Metadata))
        {
            Store.Observe(secret.Metadata);
        }
        else
        {
            Store.Remove(new SecretKey(ns, name));
        }
    }

    /// <summary>Creates a labeled Secret with the given annotations and data.</summary>
    public Task<V1Secret> CreateSecretAsync(string name, IDictionary<string, string> annotations, IDictionary<string, string>? data = null, string ns = Ns, bool labeled = true) =>
        _user.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = labeled ? new Dictionary<string, string> { [SyncAnnotations.Enabled] = "true" } : null,
                Annotations = annotations,
            },
            Data = data?.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value)),
            Type = "Opaque",
        }, ns, cancellationToken: TestContext.Current.CancellationToken);

    public Task<V1Secret> GetSecretAsync(string name = "db", string ns = Ns) =>
        _user.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The Events in <paramref name="ns"/>, once every Event recorded so far has been sent (they are sent in the background).</summary>
    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string ns = Ns)
    {
        await Recorder.FlushAsync(TestContext.Current.CancellationToken);
        return (await _user.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items.ToList();
    }

    /// <summary>Writes to Secrets (any verb that changes one), as the API double counted them.</summary>
    public long SecretWrites => Kube.Requests.CountWhere((verb, resource) => resource == "secrets" && verb is "patch" or "update" or "create" or "delete");

    /// <summary>Vault KV reads of <paramref name="fullPath"/> (v2 <c>secret</c> mount), as the Vault double counted them.</summary>
    public long VaultReads(string fullPath) =>
        Vault.Requests.CountWhere((method, route) => method == "GET" && route == fullPath.Replace("secret/", "secret/data/", StringComparison.Ordinal));

    public string AllLogText => string.Join("\n", Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));

    /// <summary>Replaces (or with null removes) annotations of a Secret, as a user's kubectl would.</summary>
    public Task<V1Secret> AnnotateAsync(string name, string key, string? value) =>
        _user.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [key] = value } } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            name, Ns, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Sets a data key by hand, as a user's kubectl would.</summary>
    public Task<V1Secret> SetDataByHandAsync(string name, string key, string value) =>
        _user.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch(new JsonObject { ["data"] = new JsonObject { [key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            name, Ns, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Stops the Vault double: the client then finds nothing listening.</summary>
    public async Task StopVaultAsync()
    {
        _vaultStopped = true;
        await Vault.DisposeAsync();
    }

    public static string Text(V1Secret secret, string key) => Encoding.UTF8.GetString(secret.Data[key]);

    /// <summary>The data-hash key as stored in Syncer's namespace.</summary>
    public async Task<byte[]> HashKeyAsync() =>
        (await _user.CoreV1.ReadNamespacedSecretAsync("syncer-hmac-key", "syncer", cancellationToken: TestContext.Current.CancellationToken)).Data[HmacKeyStore.DataKey];

    /// <summary>Patches a Secret's data and annotations by hand, as kubectl would (a null removes).</summary>
    public Task<V1Secret> PatchAsync(string name, JsonObject patch, string ns = Ns) =>
        _user.CoreV1.PatchNamespacedSecretAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Recorder.DisposeAsync();
        await VaultClient.DisposeAsync();
        Client.Dispose();
        _user.Dispose();
        HmacKeys.Dispose();
        await Kube.DisposeAsync();
        if (!_vaultStopped)
        {
            await Vault.DisposeAsync();
        }

        _loggerFactory.Dispose();
    }
}
