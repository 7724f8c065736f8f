using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Syncer.Kubernetes;
using Syncer.Observability;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;

namespace Syncer.Tests.Sync;

/// <summary>The data-hash key: created once in Syncer's namespace, then shared by restarts and replicas.</summary>
public sealed class HmacKeyStoreTests
{
    private static HmacKeyStore NewStore(IKubernetes client)
    {
        var metrics = new SyncerMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        var reporter = new HmacKeyReporter(new EventRecorder(client, TimeProvider.System, NullLogger<EventRecorder>.Instance), metrics, NullLogger<HmacKeyReporter>.Instance);
        return new(new SecretClient(client), new ManagedSecretStore(metrics, TimeProvider.System), reporter,
            Options.Create(new SyncOptions { Namespace = "syncer" }), NullLogger<HmacKeyStore>.Instance);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetKey_WhenAbsent_CreatesOneRandom32ByteKeyAndThenServesItFromMemory()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SyncHarness.StartAsync(ct);
        using var store = NewStore(h.Client);

        var key = await store.GetKeyAsync(ct);
        var again = await store.GetKeyAsync(ct);

        Assert.Equal(HmacKeyStore.KeyLength, key.Length);
        Assert.Same(key, again);
        Assert.Contains(key, b => b != 0);
        var stored = await h.Client.CoreV1.ReadNamespacedSecretAsync("syncer-hmac-key", "syncer", cancellationToken: ct);
        Assert.Equal(key, stored.Data[HmacKeyStore.DataKey]);
        Assert.Equal(1, h.Kube.Requests.Count("create", "secrets"));
        Assert.Equal(2, h.Kube.Requests.Count("get", "secrets")); // the store's first GET, and this test's
    }

    [Fact(Timeout = 30_000)]
    public async Task GetKey_AfterARestart_ReadsTheSameKeyWithoutCreatingAnother()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SyncHarness.StartAsync(ct);
        using var before = NewStore(h.Client);
        using var after = NewStore(h.Client);

        var first = await before.GetKeyAsync(ct);
        var second = await after.GetKeyAsync(ct);

        Assert.Equal(first, second);
        Assert.Equal(1, h.Kube.Requests.Count("create", "secrets"));
    }

    [Fact(Timeout = 30_000)]
    public async Task GetKey_WhenReplicasStartTogether_AllUseOneKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SyncHarness.StartAsync(ct);
        var stores = Enumerable.Range(0, 6).Select(_ => NewStore(h.Client)).ToList();

        var keys = await Task.WhenAll(stores.Select(s => s.GetKeyAsync(ct).AsTask()));

        Assert.All(keys, k => Assert.Equal(keys[0], k));
        var stored = await h.Client.CoreV1.ReadNamespacedSecretAsync("syncer-hmac-key", "syncer", cancellationToken: ct);
        Assert.Equal(keys[0], stored.Data[HmacKeyStore.DataKey]);
        stores.ForEach(s => s.Dispose());
    }

    [Fact(Timeout = 30_000)]
    public async Task GetKey_WhenTheSecretHoldsNoUsableKey_FailsAndLeavesItAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SyncHarness.StartAsync(ct);
        await h.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "syncer-hmac-key", NamespaceProperty = "syncer" },
            Data = new Dictionary<string, byte[]> { [HmacKeyStore.DataKey] = [1, 2, 3] },
        }, "syncer", cancellationToken: ct);
        using var store = NewStore(h.Client);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetKeyAsync(ct).AsTask());

        Assert.Contains("syncer/syncer-hmac-key", ex.Message, StringComparison.Ordinal);
        var stored = await h.Client.CoreV1.ReadNamespacedSecretAsync("syncer-hmac-key", "syncer", cancellationToken: ct);
        Assert.Equal([1, 2, 3], stored.Data[HmacKeyStore.DataKey]);
    }
}
