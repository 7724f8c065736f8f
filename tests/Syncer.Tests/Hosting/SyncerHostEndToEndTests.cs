using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;
using Syncer.Observability;
using Syncer.Spec;

namespace Syncer.Tests.Hosting;

/// <summary>
/// The whole product as it runs: the real Syncer host (AddSyncer: informer, Quartz, sync engine, real Vault client,
/// real KubernetesClient) against both doubles over loopback HTTP.
/// </summary>
public sealed class SyncerHostEndToEndTests : IAsyncLifetime
{
    private static readonly string[] Tenants = [.. Enumerable.Range(0, 10).Select(i => $"team-{i}")];

    private RealSyncer _syncer = null!;

    private KubeApiDouble Api => _syncer.Api;

    private VaultDouble Vault => _syncer.Vault;

    private IKubernetes Client => _syncer.Client;

    private SyncerTestHost? Host => _syncer.Host;

    public async ValueTask InitializeAsync() => _syncer = await RealSyncer.CreateAsync(Tenants, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _syncer.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task NewSecret_WithAOneHourRefresh_IsFilledAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1", ["port"] = 5432 });
        await StartSyncerAsync(ct);

        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1h" }, ct);

        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the Secret is filled", ct);
        Assert.Equal("5432", await ValueAsync("shop", "db", "port", ct));
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct);
        Assert.Equal("secret/shop/db@1", secret.Metadata.Annotations[SyncAnnotations.SourceVersion]);
    }

    [Fact(Timeout = 30_000)]
    public async Task VaultChange_ReachesTheSecret_WithinOneRefreshInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await StartSyncerAsync(ct);
        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "2s" }, ct);
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the first fill", ct);

        Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p2" });

        // One interval, plus the read cache's window of the same length, plus slack for a loaded machine.
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p2", "the Vault change is synced", ct, TimeSpan.FromSeconds(8));
    }

    [Fact(Timeout = 30_000)]
    public async Task ForceSyncAnnotation_ReadsVaultAtOnce_DespiteAOneHourRefresh()
    {
        var ct = TestContext.Current.CancellationToken;
        Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await StartSyncerAsync(ct);
        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1h" }, ct);
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the first fill", ct);
        Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p2" });

        await PatchAnnotationAsync("shop", "db", SyncAnnotations.ForceSync, "2026-11-23T10:00:00Z", ct);

        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p2", "the forced sync", ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task WavesWithNoVaultChange_MakeNoKubernetesWrites()
    {
        var ct = TestContext.Current.CancellationToken;
        Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await StartSyncerAsync(ct);
        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1s" }, ct);
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the first fill", ct);
        await Eventually.HoldsAsync(() => Api.Requests.Count("create", "events") >= 1, "the Synced event is written", ct);
        Api.Requests.Reset();
        Vault.Requests.Reset();

        // Proof that waves ran: Vault was read again, at least three times.
        await Eventually.HoldsAsync(() => Vault.Requests.Count("GET", "secret/data/shop/db") >= 3, "three more waves", ct);

        // Leader election's heartbeat (a get and an update of the Lease per retry period) is not a sync's write.
        var writes = Api.Requests.CountWhere((verb, resource) => verb is "create" or "update" or "patch" or "delete" && resource != "leases");
        Assert.True(writes == 0, "no-op waves wrote to Kubernetes: " + string.Join(", ", Api.Requests.Snapshot()));
    }

    [Fact(Timeout = 30_000)]
    public async Task HandEditOfAManagedKey_IsRestoredAtTheNextSync_AndUnownedKeysAreKept()
    {
        var ct = TestContext.Current.CancellationToken;
        Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await StartSyncerAsync(ct);
        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1s" }, ct);
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the first fill", ct);

        var patch = """{"data":{"password":"aGFuZC1lZGl0","owned-by-team":"a2VlcC1tZQ=="}}"""; // hand-edit, keep-me
        await Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "db", "shop", cancellationToken: ct);

        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the managed key is restored", ct);
        Assert.Equal("keep-me", await ValueAsync("shop", "db", "owned-by-team", ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task SealedVault_KeepsTheDataByteForByte_ReportsIt_AndRecoveryClearsTheError()
    {
        var ct = TestContext.Current.CancellationToken;
        Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await StartSyncerAsync(ct);
        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1s" }, ct);
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the first fill", ct);
        var before = (await Client.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct)).Data;

        Vault.Sealed = true;

        await Eventually.HoldsAsync(async () => await ErrorAsync("shop", "db", ct) is not null, "the error annotation", ct, TimeSpan.FromSeconds(15));
        var during = await Client.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct);
        Assert.Equal(before.Keys, during.Data.Keys);
        Assert.All(before, kv => Assert.Equal(kv.Value, during.Data[kv.Key]));
        Assert.Contains("SyncFailed", await ReasonsAsync("shop", ct));
        Assert.True(Host!.Services.GetRequiredService<SyncerMetrics>().SyncFailuresTotal.WithLabels("vault_unavailable").Value >= 1);

        Vault.Sealed = false;

        await Eventually.HoldsAsync(async () => await ErrorAsync("shop", "db", ct) is null, "recovery clears the error", ct, TimeSpan.FromSeconds(15));
        Assert.Equal("p1", await ValueAsync("shop", "db", "password", ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task HundredSecretsInTenNamespacesOnOnePath_CostOneVaultReadPerRefreshInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        Vault.WriteSecret("secret", "shared/registry", new Dictionary<string, object?> { ["token"] = "t1" });
        var policy = new Dictionary<string, string?>
        {
            ["Syncer:Policy:Rules:0:Namespaces:0"] = "team-*",
            ["Syncer:Policy:Rules:0:Paths:0"] = "secret/shared/*",
        };
        await StartSyncerAsync(ct, policy);

        foreach (var ns in Tenants)
        {
            for (var i = 0; i < 10; i++)
            {
                await CreateSecretAsync(ns, $"registry-{i}", new() { [SyncAnnotations.Path] = "secret/shared/registry", [SyncAnnotations.Refresh] = "1h" }, ct);
            }
        }

        await Eventually.HoldsAsync(async () => await CountFilledAsync("t1", ct) == 100, "all 100 Secrets are filled", ct, TimeSpan.FromSeconds(40));
        Assert.Equal(1, Vault.Requests.Count("GET", "secret/data/shared/registry"));
    }

    [Fact(Timeout = 30_000)]
    public async Task PathOutsideTheNamespacesGrant_IsForbidden_WithoutReadingVault()
    {
        var ct = TestContext.Current.CancellationToken;
        Vault.WriteSecret("secret", "billing/db", new Dictionary<string, object?> { ["password"] = "not-yours" });
        await StartSyncerAsync(ct);

        await CreateSecretAsync("shop", "stolen", new() { [SyncAnnotations.Path] = "secret/billing/db" }, ct);

        await Eventually.HoldsAsync(async () => await ReasonsAsync("shop", ct) is var reasons && reasons.Contains("Forbidden"), "a Forbidden event", ct);
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync("stolen", "shop", cancellationToken: ct);
        Assert.Null(secret.Data);
        Assert.Contains("secret/billing/db", secret.Metadata.Annotations[SyncAnnotations.Error], StringComparison.Ordinal);
        Assert.Equal(0, Vault.Requests.CountWhere((_, route) => route.Contains("billing", StringComparison.Ordinal)));
    }

    [Fact(Timeout = 30_000)]
    public async Task NestedMountNamedLikeTheNamespace_IsForbidden_AndNothingIsWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        Vault.EnableKv("kv/shop", 2); // a mount called kv/shop: its "payments/db" belongs to payments, not to namespace shop
        Vault.WriteSecret("kv/shop", "payments/db", new Dictionary<string, object?> { ["password"] = "not-yours" });
        await StartSyncerAsync(ct);

        await CreateSecretAsync("shop", "stolen", new() { [SyncAnnotations.Path] = "kv/shop/payments/db" }, ct);

        await Eventually.HoldsAsync(async () => await ErrorAsync("shop", "stolen", ct) is not null, "the error annotation", ct);
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync("stolen", "shop", cancellationToken: ct);
        Assert.Null(secret.Data);
        Assert.Contains("kv/shop/shop/", secret.Metadata.Annotations[SyncAnnotations.Error], StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => (await ReasonsAsync("shop", ct)).Contains("Forbidden"), "a Forbidden event", ct);
    }

    private Task StartSyncerAsync(CancellationToken ct, IDictionary<string, string?>? extra = null) => _syncer.StartAsync(ct, extra);

    private Task<V1Secret> CreateSecretAsync(string ns, string name, Dictionary<string, string> annotations, CancellationToken ct) =>
        _syncer.CreateSecretAsync(ns, name, annotations, ct);

    private Task<V1Secret> PatchAnnotationAsync(string ns, string name, string key, string value, CancellationToken ct) =>
        _syncer.PatchAnnotationAsync(ns, name, key, value, ct);

    private Task<string?> ValueAsync(string ns, string name, string key, CancellationToken ct) => _syncer.ValueAsync(ns, name, key, ct);

    private Task<string?> ErrorAsync(string ns, string name, CancellationToken ct) => _syncer.AnnotationAsync(ns, name, SyncAnnotations.Error, ct);

    private Task<int> CountFilledAsync(string token, CancellationToken ct) => _syncer.CountFilledAsync("token", token, ct);

    private Task<HashSet<string>> ReasonsAsync(string ns, CancellationToken ct) => _syncer.ReasonsAsync(ns, ct);
}
