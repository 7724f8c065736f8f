using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Syncer.Observability;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Tests.Hosting;

/// <summary>
/// The data-hash key Secret through the real host against both doubles (PRODUCT.md section 2, promise 3; issue 12):
/// deleted while Syncer runs it comes back with the same key; lost while Syncer was down a new key is reported once
/// and each Secret's hash is rewritten at its own scheduled sync, no data change, no key removed meanwhile.
/// </summary>
public sealed class HashKeySecretTests : IAsyncLifetime
{
    private const string Own = "syncer-system";
    private const string KeySecret = "syncer-hmac-key";

    private RealSyncer _syncer = null!;

    public async ValueTask InitializeAsync() => _syncer = await RealSyncer.CreateAsync([], TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _syncer.DisposeAsync();

    private IKubernetes Client => _syncer.Client;

    private SyncerMetrics Metrics => _syncer.Host!.Services.GetRequiredService<SyncerMetrics>();

    [Fact(Timeout = 60_000)]
    public async Task HashKeySecret_DeletedWhileSyncerRuns_IsCreatedAgainWithTheSameKey_AndReported()
    {
        var ct = TestContext.Current.CancellationToken;
        _syncer.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "p1" });
        await _syncer.StartAsync(ct, new Dictionary<string, string?> { ["Syncer:Sync:HmacKeyCheckInterval"] = "00:00:00.200" });
        await _syncer.CreateSecretAsync("shop", "db", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1h" }, ct);
        await Eventually.HoldsAsync(async () => await _syncer.ValueAsync("shop", "db", "pw", ct) == "p1", "the Secret is filled", ct);
        var key = await ReadAsync(Own, KeySecret, ct);
        var managed = await ReadAsync("shop", "db", ct);

        await Client.CoreV1.DeleteNamespacedSecretAsync(KeySecret, Own, cancellationToken: ct);

        await Eventually.HoldsAsync(async () => await TryReadAsync(Own, KeySecret, ct) is not null, "the key Secret is back", ct);
        var restored = await ReadAsync(Own, KeySecret, ct);
        Assert.NotEqual(key!.Metadata.Uid, restored!.Metadata.Uid);
        Assert.Equal(key.Data[HmacKeyStore.DataKey], restored.Data[HmacKeyStore.DataKey]);
        await Eventually.HoldsAsync(async () => (await WarningsAsync("HashKeyRecreated", ct)).Count == 1, "a Warning in Syncer's namespace", ct);
        var warning = Assert.Single(await WarningsAsync("HashKeyRecreated", ct));
        Assert.Equal(("Secret", KeySecret), (warning.InvolvedObject.Kind, warning.InvolvedObject.Name));
        Assert.Equal(1, Metrics.HashKeyIncidentsTotal.WithLabels("recreated").Value);
        Assert.Contains(_syncer.Host!.Logs.GetSnapshot(), r => r.Id.Id == 4015 && r.Message.Contains("Recreated", StringComparison.Ordinal));
        var after = await ReadAsync("shop", "db", ct);
        Assert.Equal(managed!.Metadata.ResourceVersion, after!.Metadata.ResourceVersion); // no hash changed: nothing rewritten
        Assert.DoesNotContain(_syncer.Host.Logs.GetSnapshot(), r => r.Message.Contains(Convert.ToBase64String(key.Data[HmacKeyStore.DataKey]), StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task HashKeySecret_LostWhileSyncerWasDown_NewKeyReportedOnce_HashesRewrittenAtTheirOwnSyncs_NoKeyRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        _syncer.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "p1", ["old"] = "o1" });
        await _syncer.StartAsync(ct);
        await _syncer.CreateSecretAsync("shop", "fast", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "2s" }, ct);
        await _syncer.CreateSecretAsync("shop", "slow", new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "1h" }, ct);
        await Eventually.HoldsAsync(async () => await _syncer.CountFilledAsync("old", "o1", ct) == 2, "both Secrets are filled", ct);
        var oldKey = (await ReadAsync(Own, KeySecret, ct))!.Data[HmacKeyStore.DataKey];
        await _syncer.StopAsync();
        var (fast, slow) = ((await ReadAsync("shop", "fast", ct))!, (await ReadAsync("shop", "slow", ct))!);
        await Client.CoreV1.DeleteNamespacedSecretAsync(KeySecret, Own, cancellationToken: ct);
        _syncer.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "p1" }); // "old" went while Syncer was down

        await _syncer.StartAsync(ct);

        await Eventually.HoldsAsync(
            async () => (await ReadAsync("shop", "fast", ct))!.Metadata.Annotations[SyncAnnotations.DataHash] != fast.Metadata.Annotations[SyncAnnotations.DataHash],
            "the fast Secret's hash is rewritten at its scheduled sync", ct);
        var rewritten = (await ReadAsync("shop", "fast", ct))!;
        var newKey = (await ReadAsync(Own, KeySecret, ct))!.Data[HmacKeyStore.DataKey];
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(new DataHasher(newKey, "shop", "fast").Hash(new Dictionary<string, byte[]> { ["pw"] = "p1"u8.ToArray() }), rewritten.Metadata.Annotations[SyncAnnotations.DataHash]);
        Assert.Equal(fast.Data.Keys.Order(), rewritten.Data.Keys.Order()); // "old" stays: a hash under the lost key proves nothing
        Assert.All(fast.Data, kv => Assert.Equal(kv.Value, rewritten.Data[kv.Key]));
        Assert.Equal("pw", rewritten.Metadata.Annotations[SyncAnnotations.ManagedKeys]);
        Assert.Equal(Annotation(fast, SyncAnnotations.DataRevision), Annotation(rewritten, SyncAnnotations.DataRevision)); // no new revision: no rollout
        Assert.Equal(0, Metrics.SecretWritesTotal.WithLabels("data").Value);
        var untouched = (await ReadAsync("shop", "slow", ct))!;
        Assert.Equal(slow.Metadata.ResourceVersion, untouched.Metadata.ResourceVersion); // its own sync is an hour away: no wave
        var lost = Assert.Single(await WarningsAsync("HashKeyLost", ct));
        Assert.Equal(KeySecret, lost.InvolvedObject.Name);
        Assert.Equal(1, Metrics.HashKeyIncidentsTotal.WithLabels("lost").Value);
        Assert.Single(_syncer.Host!.Logs.GetSnapshot(), r => r.Id.Id == 4015 && r.Message.Contains("Lost", StringComparison.Ordinal));
    }

    private static string? Annotation(V1Secret secret, string key) =>
        secret.Metadata.Annotations?.TryGetValue(key, out var value) == true ? value : null;

    private async Task<List<Corev1Event>> WarningsAsync(string reason, CancellationToken ct) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(Own, cancellationToken: ct)).Items.Where(e => e.Type == "Warning" && e.Reason == reason)];

    private async Task<V1Secret?> ReadAsync(string ns, string name, CancellationToken ct) =>
        await Client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct);

    private async Task<V1Secret?> TryReadAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            return await ReadAsync(ns, name, ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
