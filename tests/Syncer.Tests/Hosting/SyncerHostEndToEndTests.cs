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

    private KubeApiDouble _api = null!;
    private VaultDouble _vault = null!;
    private k8s.Kubernetes _client = null!;
    private SyncerTestHost? _host;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _api = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = ["syncer-system", "shop", .. Tenants] }, ct);
        _vault = await VaultDouble.StartAsync(cancellationToken: ct);
        _client = new k8s.Kubernetes(_api.CreateClientConfiguration());
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _client.Dispose();
        await _vault.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task NewSecret_WithAOneHourRefresh_IsFilledAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1", ["port"] = 5432 });
        await StartSyncerAsync(ct);

        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1h" }, ct);

        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the Secret is filled", ct);
        Assert.Equal("5432", await ValueAsync("shop", "db", "port", ct));
        var secret = await _client.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct);
        Assert.Equal("secret/shop/db@1", secret.Metadata.Annotations[SyncAnnotations.SourceVersion]);
    }

    [Fact(Timeout = 30_000)]
    public async Task VaultChange_ReachesTheSecret_WithinOneRefreshInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await StartSyncerAsync(ct);
        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "2s" }, ct);
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the first fill", ct);

        _vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p2" });

        // One interval, plus the read cache's window of the same length, plus slack for a loaded machine.
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p2", "the Vault change is synced", ct, TimeSpan.FromSeconds(8));
    }

    [Fact(Timeout = 30_000)]
    public async Task ForceSyncAnnotation_ReadsVaultAtOnce_DespiteAOneHourRefresh()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await StartSyncerAsync(ct);
        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1h" }, ct);
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the first fill", ct);
        _vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p2" });

        await PatchAnnotationAsync("shop", "db", SyncAnnotations.ForceSync, "2026-11-23T10:00:00Z", ct);

        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p2", "the forced sync", ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task WavesWithNoVaultChange_MakeNoKubernetesWrites()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await StartSyncerAsync(ct);
        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1s" }, ct);
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the first fill", ct);
        await Eventually.HoldsAsync(() => _api.Requests.Count("create", "events") >= 1, "the Synced event is written", ct);
        _api.Requests.Reset();
        _vault.Requests.Reset();

        // Proof that waves ran: Vault was read again, at least three times.
        await Eventually.HoldsAsync(() => _vault.Requests.Count("GET", "secret/data/shop/db") >= 3, "three more waves", ct);

        var writes = _api.Requests.CountWhere((verb, _) => verb is "create" or "update" or "patch" or "delete");
        Assert.True(writes == 0, "no-op waves wrote to Kubernetes: " + string.Join(", ", _api.Requests.Snapshot()));
    }

    [Fact(Timeout = 30_000)]
    public async Task HandEditOfAManagedKey_IsRestoredAtTheNextSync_AndUnownedKeysAreKept()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await StartSyncerAsync(ct);
        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1s" }, ct);
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the first fill", ct);

        var patch = """{"data":{"password":"aGFuZC1lZGl0","owned-by-team":"a2VlcC1tZQ=="}}"""; // hand-edit, keep-me
        await _client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "db", "shop", cancellationToken: ct);

        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the managed key is restored", ct);
        Assert.Equal("keep-me", await ValueAsync("shop", "db", "owned-by-team", ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task SealedVault_KeepsTheDataByteForByte_ReportsIt_AndRecoveryClearsTheError()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await StartSyncerAsync(ct);
        await CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1s" }, ct);
        await Eventually.HoldsAsync(async () => await ValueAsync("shop", "db", "password", ct) == "p1", "the first fill", ct);
        var before = (await _client.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct)).Data;

        _vault.Sealed = true;

        await Eventually.HoldsAsync(async () => await ErrorAsync("shop", "db", ct) is not null, "the error annotation", ct, TimeSpan.FromSeconds(15));
        var during = await _client.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct);
        Assert.Equal(before.Keys, during.Data.Keys);
        Assert.All(before, kv => Assert.Equal(kv.Value, during.Data[kv.Key]));
        Assert.Contains("SyncFailed", await ReasonsAsync("shop", ct));
        Assert.True(_host!.Services.GetRequiredService<SyncerMetrics>().SyncFailuresTotal.WithLabels("vault_unavailable").Value >= 1);

        _vault.Sealed = false;

        await Eventually.HoldsAsync(async () => await ErrorAsync("shop", "db", ct) is null, "recovery clears the error", ct, TimeSpan.FromSeconds(15));
        Assert.Equal("p1", await ValueAsync("shop", "db", "password", ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task HundredSecretsInTenNamespacesOnOnePath_CostOneVaultReadPerRefreshInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.WriteSecret("secret", "shared/registry", new Dictionary<string, object?> { ["token"] = "t1" });
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
        Assert.Equal(1, _vault.Requests.Count("GET", "secret/data/shared/registry"));
    }

    [Fact(Timeout = 30_000)]
    public async Task PathOutsideTheNamespacesGrant_IsForbidden_WithoutReadingVault()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.WriteSecret("secret", "billing/db", new Dictionary<string, object?> { ["password"] = "not-yours" });
        await StartSyncerAsync(ct);

        await CreateSecretAsync("shop", "stolen", new() { [SyncAnnotations.Path] = "secret/billing/db" }, ct);

        await Eventually.HoldsAsync(async () => await ReasonsAsync("shop", ct) is var reasons && reasons.Contains("Forbidden"), "a Forbidden event", ct);
        var secret = await _client.CoreV1.ReadNamespacedSecretAsync("stolen", "shop", cancellationToken: ct);
        Assert.Null(secret.Data);
        Assert.Contains("secret/billing/db", secret.Metadata.Annotations[SyncAnnotations.Error], StringComparison.Ordinal);
        Assert.Equal(0, _vault.Requests.CountWhere((_, route) => route.Contains("billing", StringComparison.Ordinal)));
    }

    [Fact(Timeout = 30_000)]
    public async Task NestedMountNamedLikeTheNamespace_IsForbidden_AndNothingIsWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.EnableKv("kv/shop", 2); // a mount called kv/shop: its "payments/db" belongs to payments, not to namespace shop
        _vault.WriteSecret("kv/shop", "payments/db", new Dictionary<string, object?> { ["password"] = "not-yours" });
        await StartSyncerAsync(ct);

        await CreateSecretAsync("shop", "stolen", new() { [SyncAnnotations.Path] = "kv/shop/payments/db" }, ct);

        await Eventually.HoldsAsync(async () => await ErrorAsync("shop", "stolen", ct) is not null, "the error annotation", ct);
        var secret = await _client.CoreV1.ReadNamespacedSecretAsync("stolen", "shop", cancellationToken: ct);
        Assert.Null(secret.Data);
        Assert.Contains("kv/shop/shop/", secret.Metadata.Annotations[SyncAnnotations.Error], StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => (await ReasonsAsync("shop", ct)).Contains("Forbidden"), "a Forbidden event", ct);
    }

    private async Task StartSyncerAsync(CancellationToken ct, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Vault:Address"] = _vault.Address.ToString(),
            ["Vault:Auth:Token"] = _vault.RootToken,
            ["Syncer:Sync:MinimumRefresh"] = "00:00:01",
            ["Syncer:Scheduling:MaxJitter"] = "00:00:00",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        _host = SyncerTestHost.Build(_api.CreateClientConfiguration(), settings, realSyncEngine: true);
        await _host.StartAsync(ct);
    }

    private Task<V1Secret> CreateSecretAsync(string ns, string name, Dictionary<string, string> annotations, CancellationToken ct) =>
        _client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = SyncAnnotations.EnabledValue },
                    Annotations = annotations,
                },
                Type = "Opaque",
            },
            ns,
            cancellationToken: ct);

    private Task<V1Secret> PatchAnnotationAsync(string ns, string name, string key, string value, CancellationToken ct) =>
        _client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch(new { metadata = new { annotations = new Dictionary<string, string> { [key] = value } } }, V1Patch.PatchType.MergePatch),
            name, ns, cancellationToken: ct);

    private async Task<string?> ValueAsync(string ns, string name, string key, CancellationToken ct)
    {
        var secret = await _client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct);
        return secret.Data?.TryGetValue(key, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;
    }

    private async Task<string?> ErrorAsync(string ns, string name, CancellationToken ct)
    {
        var secret = await _client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct);
        return secret.Metadata.Annotations?.TryGetValue(SyncAnnotations.Error, out var error) == true ? error : null;
    }

    private async Task<int> CountFilledAsync(string token, CancellationToken ct)
    {
        var list = await _client.CoreV1.ListSecretForAllNamespacesAsync(labelSelector: SyncAnnotations.Enabled + "=" + SyncAnnotations.EnabledValue, cancellationToken: ct);
        return list.Items.Count(s => s.Data?.TryGetValue("token", out var v) == true && Encoding.UTF8.GetString(v) == token);
    }

    private async Task<HashSet<string>> ReasonsAsync(string ns, CancellationToken ct)
    {
        var events = await _client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: ct);
        return [.. events.Items.Select(e => e.Reason)];
    }
}
