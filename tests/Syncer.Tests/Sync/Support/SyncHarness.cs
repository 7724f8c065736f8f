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
using Syncer.Observability;
using Syncer.Policy;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Vault;
using Syncer.Vault.Auth;
using Syncer.Vault.Configuration;

namespace Syncer.Tests.Sync.Support;

/// <summary>
/// The real KubernetesClient and the real Vault client over loopback HTTP against the project's doubles, wired to a
/// <see cref="SecretSynchronizer"/> like the host does. The synchronizer's clock is fake (read-cache windows and
/// synced-at move only when a test advances it); logs are captured to check that no value ever leaks.
/// </summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    public const string Ns = "shop";

    private readonly ILoggerFactory _loggerFactory;
    private bool _vaultStopped;

    private SyncHarness(KubeApiDouble kube, VaultDouble vault, PolicyOptions policy, Func<VaultDouble, string>? vaultToken)
    {
        Kube = kube;
        Vault = vault;
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        Client = new Kubernetes(kube.CreateClientConfiguration());
        var settings = new VaultClientSettings { Address = vault.Address.ToString(), SingleFlightWindow = TimeSpan.Zero };
        settings.Retry.MaxAttempts = 1;
        VaultClient = new VaultClient(settings, TokenAuthMethodInfo.FromToken(vaultToken?.Invoke(vault) ?? vault.RootToken), Metrics,
            _loggerFactory.CreateLogger<VaultClient>(), TimeProvider.System);

        var options = Options.Create(new SyncOptions());
        var readCache = new VaultReadCache(VaultClient, Time, Metrics);
        var writer = new SecretWriter(Client, options, _loggerFactory.CreateLogger<SecretWriter>());
        HmacKeys = new HmacKeyStore(Client, options, _loggerFactory.CreateLogger<HmacKeyStore>());
        Synchronizer = new SecretSynchronizer(
            Client,
            new SyncSpecParser(options, Time),
            new TenancyPolicy(Options.Create(policy)),
            new SourceReader(readCache),
            new DesiredDataBuilder(),
            new SecretPlanner(),
            HmacKeys,
            writer,
            new SecretEventRecorder(Client, Time, NullLogger<SecretEventRecorder>.Instance),
            Metrics,
            Time,
            options,
            _loggerFactory.CreateLogger<SecretSynchronizer>());
    }

    public KubeApiDouble Kube { get; }

    public VaultDouble Vault { get; }

    public IKubernetes Client { get; }

    public VaultClient VaultClient { get; }

    public HmacKeyStore HmacKeys { get; }

    public SecretSynchronizer Synchronizer { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));

    public SyncerMetrics Metrics { get; } = new(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));

    public FakeLogCollector Logs { get; } = new();

    public static async Task<SyncHarness> StartAsync(
        CancellationToken cancellationToken, PolicyOptions? policy = null, Func<VaultDouble, string>? vaultToken = null, params string[] namespaces)
    {
        var kube = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = [Ns, "syncer", .. namespaces] }, cancellationToken);
        var vault = await VaultDouble.StartAsync(cancellationToken: cancellationToken);
        return new SyncHarness(kube, vault, policy ?? new PolicyOptions(), vaultToken);
    }

    public Task<SyncResult> SyncAsync(string name = "db", bool fresh = false, string ns = Ns) =>
        Synchronizer.SyncAsync(ns, name, fresh, TestContext.Current.CancellationToken);

    /// <summary>Creates a labeled Secret with the given annotations and data.</summary>
    public Task<V1Secret> CreateSecretAsync(string name, IDictionary<string, string> annotations, IDictionary<string, string>? data = null, string ns = Ns, bool labeled = true) =>
        Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
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
        Client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: TestContext.Current.CancellationToken);

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string ns = Ns) =>
        (await Client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items.ToList();

    /// <summary>Writes to Secrets (any verb that changes one), as the API double counted them.</summary>
    public long SecretWrites => Kube.Requests.CountWhere((verb, resource) => resource == "secrets" && verb is "patch" or "update" or "create" or "delete");

    /// <summary>Vault KV reads of <paramref name="fullPath"/> (v2 <c>secret</c> mount), as the Vault double counted them.</summary>
    public long VaultReads(string fullPath) =>
        Vault.Requests.CountWhere((method, route) => method == "GET" && route == fullPath.Replace("secret/", "secret/data/", StringComparison.Ordinal));

    public string AllLogText => string.Join("\n", Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));

    /// <summary>Replaces (or with null removes) annotations of a Secret, as a user's kubectl would.</summary>
    public Task<V1Secret> AnnotateAsync(string name, string key, string? value) =>
        Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [key] = value } } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            name, Ns, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Sets a data key by hand, as a user's kubectl would.</summary>
    public Task<V1Secret> SetDataByHandAsync(string name, string key, string value) =>
        Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch(new JsonObject { ["data"] = new JsonObject { [key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            name, Ns, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Stops the Vault double: the client then finds nothing listening.</summary>
    public async Task StopVaultAsync()
    {
        _vaultStopped = true;
        await Vault.DisposeAsync();
    }

    public static string Text(V1Secret secret, string key) => Encoding.UTF8.GetString(secret.Data[key]);

    public async ValueTask DisposeAsync()
    {
        await VaultClient.DisposeAsync();
        Client.Dispose();
        HmacKeys.Dispose();
        await Kube.DisposeAsync();
        if (!_vaultStopped)
        {
            await Vault.DisposeAsync();
        }

        _loggerFactory.Dispose();
    }
}
