using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Syncer.Doubles;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Kubernetes.Controllers;
using Syncer.Restart;
using Syncer.Scheduling;
using Syncer.Spec;
using Syncer.Tests.Hosting;

namespace Syncer.Tests.Restart.Support;

/// <summary>
/// A small cluster for the restart tests: the Kubernetes double with its workload controllers (a rollout is one new
/// ReplicaSet or revision, as on a cluster), the Vault double, and the real Syncer host, which a test may stop and
/// start again. Syncer authenticates with the least privilege it needs (PRODUCT.md: get, list, watch, patch on the
/// three workload kinds), and its requests are the only ones in <see cref="KubeApiDouble.Requests"/>: the test's
/// own client and the controllers are counted apart.
/// </summary>
internal sealed class RolloutCluster : IAsyncDisposable
{
    public const string Ns = "shop";
    public const string SyncerToken = "syncer-service-account-token";

    /// <summary>A wait for controllers and Syncer on a shared, loaded machine: a deadline, never a sleep.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static readonly AccessRule[] SyncerRules =
    [
        new(["get", "list", "watch", "patch", "create"], ["secrets"]),
        new(["create"], ["events"]),
        new(["get", "list", "watch", "patch"], ["deployments", "statefulsets", "daemonsets"]),
        new(["get", "create", "update"], ["leases"], ["syncer-system"]),
    ];

    private RolloutCluster(RealSyncer syncer, ClusterControllers controllers, IKubernetes client, ClusterClock? clock)
    {
        Clock = clock;
        Syncer = syncer;
        Controllers = controllers;
        Client = client;
        Workloads = new WorkloadHelper(client);
    }

    public RealSyncer Syncer { get; }

    public KubeApiDouble Api => Syncer.Api;

    public ClusterControllers Controllers { get; }

    /// <summary>The test's own client, counted apart from Syncer's requests.</summary>
    public IKubernetes Client { get; }

    public RequestCounter TestRequests { get; } = new();

    public WorkloadHelper Workloads { get; }

    /// <summary>The cluster's fake clock, when the test asked for one (pods become ready only as it moves).</summary>
    public ClusterClock? Clock { get; }

    public IServiceProvider Services => Syncer.Host?.Services ?? throw new InvalidOperationException("Syncer is not running");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="clock">The cluster's clock; null: the wall clock, and pods ready at once.</param>
    /// <param name="neverReady">Pods that never become ready (a stalled rollout), on the fake clock.</param>
    public static async Task<RolloutCluster> StartAsync(ClusterClock? clock = null, Func<V1Pod, bool>? neverReady = null, params AccessRule[] syncerRules)
    {
        var syncer = await RealSyncer.CreateAsync([], Ct);
        syncer.Api.AddToken(SyncerToken, "system:serviceaccount:syncer-system:syncer", syncerRules.Length == 0 ? SyncerRules : syncerRules);
        var counted = new RequestCounter();
        const string testToken = "the-test-itself";
        syncer.Api.AddToken(testToken, "test", counted, new AccessRule(["*"], ["*"]));
        var controllers = await ClusterControllers.StartAsync(syncer.Api, clock?.Options(neverReady), Ct);
        return new RolloutCluster(syncer, controllers, new k8s.Kubernetes(syncer.Api.CreateClientConfiguration(testToken)), clock);
    }

    /// <summary>Starts Syncer with a short debounce, a fast refresh floor and no jitter, plus <paramref name="settings"/>.</summary>
    public Task StartSyncerAsync(params (string Key, string Value)[] settings) => Syncer.StartAsync(Ct, Settings(settings), SyncerToken);

    /// <summary>
    /// A second replica beside <see cref="Syncer"/> (its own leader-election identity), authenticated with the same
    /// rights but its own token, whose requests are counted apart in <paramref name="requests"/>.
    /// </summary>
    public async Task<SyncerTestHost> StartReplicaAsync(string identity, RequestCounter requests)
    {
        var token = $"replica-{identity}";
        Api.AddToken(token, $"system:serviceaccount:syncer-system:{identity}", requests, SyncerRules);
        var settings = Settings(("Syncer:LeaderElection:Identity", identity));
        settings["Vault:Address"] = Syncer.Vault.Address.ToString();
        settings["Vault:Auth:Token"] = Syncer.Vault.RootToken;
        settings["Syncer:Sync:MinimumRefresh"] = "00:00:01";
        settings["Syncer:Scheduling:MaxJitter"] = "00:00:00";
        var host = SyncerTestHost.Build(Api.CreateClientConfiguration(token), settings, realSyncEngine: true);
        await host.StartAsync(Ct);
        return host;
    }

    public Task StopSyncerAsync() => Syncer.StopAsync();

    /// <summary>Moves the cluster's clock on, one pod start-up per poll while some pod is not ready, until <paramref name="condition"/> holds.</summary>
    public Task AdvanceUntilAsync(Func<Task<bool>> condition, string what, CancellationToken ct) =>
        (Clock ?? throw new InvalidOperationException("The cluster runs on the wall clock")).AdvanceUntilAsync(Client, condition, what, ct);

    /// <summary>Sets <c>syncer.io/force-sync</c> to a new value: Syncer syncs the Secret at once from a fresh Vault read.</summary>
    public Task ForceSyncAsync(string secret, string token) =>
        Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch(new { metadata = new { annotations = new Dictionary<string, string> { [SyncAnnotations.ForceSync] = token } } }, V1Patch.PatchType.MergePatch),
            secret, Ns, cancellationToken: Ct);

    public Task WriteVaultAsync(string secret, string value) =>
        Task.Run(() => Syncer.Vault.WriteSecret("secret", $"{Ns}/{secret}", new Dictionary<string, object?> { ["pw"] = value }));

    /// <summary>A labeled Secret filled from <c>secret/shop/&lt;name&gt;</c>, refreshed every second unless told otherwise.</summary>
    public Task<V1Secret> CreateSecretAsync(string name, params (string Key, string Value)[] annotations)
    {
        var all = new Dictionary<string, string> { [SyncAnnotations.Path] = $"secret/{Ns}/{name}", [SyncAnnotations.Refresh] = "1s" };
        foreach (var (key, value) in annotations)
        {
            all[key] = value;
        }

        return Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = SyncAnnotations.EnabledValue }, Annotations = all },
                Type = "Opaque",
            },
            Ns, cancellationToken: Ct);
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Syncer:Restart:Debounce"] = "00:00:00.500", ["Syncer:Restart:RetryInitialDelay"] = "00:00:00.200" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    public async Task<V1Secret> SecretAsync(string name) => await Client.CoreV1.ReadNamespacedSecretAsync(name, Ns, cancellationToken: Ct);

    public async Task<string?> AnnotationAsync(string secret, string key) =>
        (await SecretAsync(secret)).Metadata.Annotations?.TryGetValue(key, out var value) == true ? value : null;

    public async Task<string?> ValueAsync(string secret) =>
        (await SecretAsync(secret)).Data?.TryGetValue("pw", out var value) == true ? Encoding.UTF8.GetString(value) : null;

    /// <summary>Waits until the Secret holds <paramref name="value"/> at <paramref name="revision"/>.</summary>
    public Task SyncedAsync(string secret, string value, int revision, CancellationToken ct) =>
        Eventually.HoldsAsync(
            async () => await ValueAsync(secret) == value && await AnnotationAsync(secret, SyncAnnotations.DataRevision) == revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Secret {secret} holds {value} at revision {revision}", ct, Patience);

    /// <summary>Waits until no rollout is pending on the Secret any more.</summary>
    public Task NotPendingAsync(string secret, CancellationToken ct) =>
        Eventually.HoldsAsync(async () => await AnnotationAsync(secret, SyncAnnotations.RolloutPending) is null, $"Secret {secret} has no pending rollout", ct, Patience);

    /// <summary>Waits until Syncer (or the replica <paramref name="services"/>) has nothing left to do: no sync queued or running, no restart pass queued, running or delayed.</summary>
    public Task IdleAsync(CancellationToken ct, IServiceProvider? services = null) => Eventually.HoldsAsync(() =>
    {
        var provider = services ?? Services;
        var (restarts, syncs) = (provider.GetRequiredService<Syncer.Discovery.WorkQueue<RestartItem>>(), provider.GetRequiredService<SyncDispatcher>());
        return restarts.Count + restarts.InProgress + restarts.Delayed + syncs.Waiting + syncs.Running
            + provider.GetRequiredService<Syncer.Kubernetes.EventRecorder>().Pending == 0;
    }, "Syncer is idle", ct, Patience);

    /// <summary>The Events of <paramref name="reason"/> in the namespace, about <paramref name="name"/> when given.</summary>
    public async Task<List<Corev1Event>> EventsAsync(string reason, string? name = null)
    {
        if (Syncer.Host is { } host)
        {
            await host.Services.GetRequiredService<Syncer.Kubernetes.EventRecorder>().FlushAsync(Ct); // Events are sent in the background
        }

        return [.. (await Client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: Ct)).Items.Where(e => e.Reason == reason && (name is null || e.InvolvedObject.Name == name))];
    }

    public double Metric(string kind, string result) =>
        Services.GetRequiredService<Syncer.Observability.SyncerMetrics>().RolloutsTotal.WithLabels(kind, result).Value;

    public async ValueTask DisposeAsync()
    {
        await Syncer.StopAsync();
        await Controllers.DisposeAsync();
        Client.Dispose();
        await Syncer.DisposeAsync();
    }
}
