using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;
using Syncer.Spec;
using Syncer.Tests.Hosting;
using Syncer.Tests.Restart.Support;

namespace Syncer.Tests.Leadership;

/// <summary>
/// Both doubles (<see cref="Cluster"/>, with the admin's client and its helpers) and several real Syncer hosts in one
/// process, each a replica with its own leader-election identity, its own token at the Kubernetes double (so one
/// replica's rights can be cut) and its own counted client.
/// </summary>
internal sealed class Replicas : IAsyncDisposable
{
    public const string Namespace = "shop";
    public const string LeaseName = "syncer-leader";
    public const string OwnNamespace = "syncer-system";
    public const string Key = "pw";

    private static readonly string[] SyncerResources = ["secrets", "events", "deployments", "statefulsets", "daemonsets"];
    private readonly List<Replica> _replicas = [];

    private Replicas(RealSyncer cluster) => Cluster = cluster;

    /// <summary>The doubles and the admin's client (the test's own reads and writes); its own host is never started.</summary>
    public RealSyncer Cluster { get; }

    public KubeApiDouble Api => Cluster.Api;

    public VaultDouble Vault => Cluster.Vault;

    public IReadOnlyList<Replica> All => _replicas;

    public static async Task<Replicas> CreateAsync(CancellationToken ct) => new(await RealSyncer.CreateAsync([], ct));

    /// <summary>Lease timings as settings (whole-second lease duration).</summary>
    public static Dictionary<string, string?> Timings(TimeSpan leaseDuration, TimeSpan renewDeadline, TimeSpan retryPeriod) => new()
    {
        ["Syncer:LeaderElection:LeaseDuration"] = leaseDuration.ToString(),
        ["Syncer:LeaderElection:RenewDeadline"] = renewDeadline.ToString(),
        ["Syncer:LeaderElection:RetryPeriod"] = retryPeriod.ToString(),
    };

    public async Task<Replica> StartAsync(string identity, IDictionary<string, string?> settings, CancellationToken ct)
    {
        var token = $"token-{identity}";
        Api.AddToken(token, User(identity), new AccessRule(["*"], ["*"]));
        var all = new Dictionary<string, string?>
        {
            ["Vault:Address"] = Vault.Address.ToString(),
            ["Vault:Auth:Token"] = Vault.RootToken,
            ["Syncer:Sync:MinimumRefresh"] = "00:00:01",
            ["Syncer:Scheduling:MaxJitter"] = "00:00:00",
            ["Syncer:LeaderElection:Identity"] = identity,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var requests = new RequestCountingHandler();
        var logs = new FakeLogCollector();
        var configuration = Api.CreateClientConfiguration(token);
        var host = SyncerTestHost.Build(configuration, all, realSyncEngine: true, configure: builder =>
        {
            builder.Services.AddSingleton<IKubernetes>(new k8s.Kubernetes(configuration, requests));
            builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        });
        var replica = new Replica(identity, token, host, requests, logs);
        _replicas.Add(replica);
        await host.StartAsync(ct);
        return replica;
    }

    /// <summary>replica-a, then replica-b once a leads; returns both once b has seen a holding the Lease.</summary>
    public async Task<(Replica Leader, Replica Standby)> StartLeaderAndStandbyAsync(IDictionary<string, string?> settings, CancellationToken ct)
    {
        var leader = await StartAsync("replica-a", settings, ct);
        await Eventually.HoldsAsync(() => leader.IsLeader, "replica-a leads", ct, TimeSpan.FromSeconds(20));
        var standby = await StartAsync("replica-b", settings, ct);
        await Eventually.HoldsAsync(() => standby.Logged("is held by replica-a") && standby.Store.Count == leader.Store.Count, "replica-b stands by", ct);
        return (leader, standby);
    }

    /// <summary>From now on the replica may read the Lease but not update it: its renewals answer 403, as RBAC would.</summary>
    public void RefuseLeaseUpdates(Replica replica) =>
        Api.AddToken(replica.Token, User(replica.Identity),
            new AccessRule(["*"], SyncerResources), new AccessRule(["get", "list", "watch", "create"], ["leases"]));

    /// <summary>Waits until exactly one replica leads, and returns it.</summary>
    public async Task<Replica> OneLeaderAsync(CancellationToken ct, TimeSpan? within = null)
    {
        await Eventually.HoldsAsync(() => _replicas.Count(r => r.IsLeader) == 1, "exactly one replica leads", ct, within ?? TimeSpan.FromSeconds(20));
        return _replicas.Single(r => r.IsLeader);
    }

    public long SecretPatches => _replicas.Sum(r => r.SecretPatches);

    public Task<V1Lease> LeaseAsync(CancellationToken ct) => Cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, OwnNamespace, cancellationToken: ct);

    /// <summary>
    /// Proves a negative with a bounded wait measured by the leader's own renewals: returns once the same holder has
    /// renewed the Lease <paramref name="span"/> past its renewal at the call.
    /// </summary>
    public async Task LeaseRenewedForAsync(TimeSpan span, CancellationToken ct)
    {
        var start = (await LeaseAsync(ct)).Spec;
        await Eventually.HoldsAsync(
            async () => (await LeaseAsync(ct)).Spec is var now && now.HolderIdentity == start.HolderIdentity && now.RenewTime >= start.RenewTime + span,
            $"{start.HolderIdentity} renewed the Lease for {span}",
            ct);
    }

    /// <summary>Someone else (another controller, a person) takes the Lease over and holds it for its duration.</summary>
    public async Task<DateTime> TakeLeaseAsync(string holder, int leaseDurationSeconds, CancellationToken ct)
    {
        var lease = await LeaseAsync(ct);
        var now = DateTime.UtcNow;
        lease.Spec.HolderIdentity = holder;
        lease.Spec.AcquireTime = now;
        lease.Spec.RenewTime = now;
        lease.Spec.LeaseDurationSeconds = leaseDurationSeconds;
        lease.Spec.LeaseTransitions = (lease.Spec.LeaseTransitions ?? 0) + 1;
        var written = await Cluster.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, LeaseName, OwnNamespace, cancellationToken: ct);
        return written.Spec.RenewTime!.Value;
    }

    /// <summary>A labeled Secret reading <c>secret/shop/&lt;name&gt;</c>, refreshed every <paramref name="refresh"/>.</summary>
    public Task<V1Secret> CreateSecretAsync(string name, string refresh, CancellationToken ct) =>
        Cluster.CreateSecretAsync(Namespace, name, new() { [SyncAnnotations.Path] = $"secret/shop/{name}", [SyncAnnotations.Refresh] = refresh }, ct);

    /// <summary>The value of <see cref="Key"/> at <c>secret/shop/&lt;name&gt;</c> in Vault.</summary>
    public void WriteVault(string name, string value) => Vault.WriteSecret("secret", $"shop/{name}", new Dictionary<string, object?> { [Key] = value });

    /// <summary>Vault holds <paramref name="value"/>; the labeled Secret is created and filled with it.</summary>
    public async Task FilledAsync(string name, string value, string refresh, CancellationToken ct)
    {
        WriteVault(name, value);
        await CreateSecretAsync(name, refresh, ct);
        await HoldsValueAsync(name, value, $"{name} is filled", ct);
    }

    /// <summary>
    /// A user's change (a new value in Vault and a force-sync) that <paramref name="leader"/> is still syncing when this
    /// returns: Vault answers after <paramref name="vaultLatency"/> until the test clears <c>Vault.Faults.Latency</c>.
    /// </summary>
    public async Task ChangeBeingSyncedAsync(Replica leader, string name, string value, TimeSpan vaultLatency, CancellationToken ct)
    {
        await Eventually.HoldsAsync(() => leader.Dispatcher.Running == 0 && leader.Dispatcher.Waiting == 0, "the leader is idle", ct);
        Vault.Faults.Latency = vaultLatency;
        WriteVault(name, value);
        await Cluster.PatchAnnotationAsync(Namespace, name, SyncAnnotations.ForceSync, $"change-to-{value}", ct);
        await Eventually.HoldsAsync(() => leader.Dispatcher.Running == 1, "the leader is syncing the change", ct);
    }

    /// <summary>A Deployment <paramref name="name"/> whose container takes every key of Secret <paramref name="secret"/> (envFrom).</summary>
    public Task<V1Deployment> ConsumerAsync(string name, string secret) =>
        new WorkloadHelper(Cluster.Client).DeploymentAsync(name, PodSpecs.EnvFrom(secret));

    /// <summary>The Deployment's <c>syncer.io/rolled-for</c> (null: Syncer never rolled it).</summary>
    public Task<string?> RolledForAsync(string deployment) => new WorkloadHelper(Cluster.Client).RolledForAsync("deployment", deployment);

    /// <summary>Patches of Deployments by all replicas: one per rollout.</summary>
    public long DeploymentPatches => _replicas.Sum(r => r.Requests.Count(HttpMethod.Patch, "deployments"));

    public Task<string?> ValueAsync(string name, CancellationToken ct) => Cluster.ValueAsync(Namespace, name, Key, ct);

    public Task HoldsValueAsync(string name, string value, string what, CancellationToken ct, TimeSpan? within = null) =>
        Eventually.HoldsAsync(async () => await ValueAsync(name, ct) == value, what, ct, within);

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }

    private static string User(string identity) => $"system:serviceaccount:{OwnNamespace}:{identity}";
}
