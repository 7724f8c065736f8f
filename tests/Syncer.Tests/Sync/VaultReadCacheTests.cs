using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Syncer.Observability;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Vault;

namespace Syncer.Tests.Sync;

public sealed class VaultReadCacheTests
{
    private static readonly VaultSource s_db = new("secret/shop/db", null);
    private static readonly TimeSpan s_interval = TimeSpan.FromMinutes(5);

    private readonly CountingVaultClientFake _vault = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SyncerMetrics _metrics = new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
    private readonly VaultReadCache _cache;

    public VaultReadCacheTests()
    {
        _vault.Secrets["secret/shop/db"] = VaultData.Secret("secret", "shop/db", 1, """{"pw":"a"}""");
        _cache = new VaultReadCache(_vault, _time, _metrics);
    }

    private Task<KeyValueSecret> Read(CancellationToken ct, VaultSource? source = null, bool fresh = false, TimeSpan? window = null) =>
        _cache.ReadAsync(source ?? s_db, window ?? s_interval, fresh, ct);

    [Fact(Timeout = 30_000)]
    public async Task ReadAsync_HundredSecretsSpreadOverOneInterval_CostOneVaultRead()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 100; i++)
        {
            await Read(ct);
            _time.Advance(TimeSpan.FromSeconds(2.9)); // 100 reads spread over 290 s of the 300 s window
        }

        Assert.Equal(1, _vault.Reads("secret/shop/db"));
        Assert.Equal(99, _metrics.VaultReadsSharedTotal.Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAsync_OneSecretEveryInterval_ReadsVaultEachTime()
    {
        var ct = TestContext.Current.CancellationToken;
        _time.Advance(TimeSpan.FromSeconds(17)); // any phase
        for (var i = 0; i < 3; i++)
        {
            await Read(ct);
            _time.Advance(s_interval);
        }

        Assert.Equal(3, _vault.Reads("secret/shop/db"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAsync_ConcurrentReadsOfOneSource_ShareOneRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = Enumerable.Range(0, 10).Select(_ => Read(ct)).ToList();
        _vault.Gate.SetResult();

        var results = await Task.WhenAll(reads);

        Assert.Equal(1, _vault.Reads("secret/shop/db"));
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAsync_DifferentVersions_AreReadSeparately()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.Secrets["secret/shop/db"] = VaultData.Secret("secret", "shop/db", 2, """{"pw":"b"}""");

        await Read(ct, new VaultSource("secret/shop/db", 1));
        await Read(ct, new VaultSource("secret/shop/db", 2));
        await Read(ct, new VaultSource("secret/shop/db", 2));

        Assert.Equal(1, _vault.Reads("secret/shop/db", 1));
        Assert.Equal(1, _vault.Reads("secret/shop/db", 2));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAsync_WhenForcedFresh_BypassesTheCacheAndRefreshesItForOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        await Read(ct);
        _vault.Secrets["secret/shop/db"] = VaultData.Secret("secret", "shop/db", 2, """{"pw":"b"}""");

        var fresh = await Read(ct, fresh: true);
        var shared = await Read(ct);

        Assert.Equal(2, fresh.Version);
        Assert.Equal(2, shared.Version);
        Assert.Equal(2, _vault.Reads("secret/shop/db"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAsync_WhenTheReadFails_DoesNotKeepTheFailure()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.NextFailure = new VaultSealedException("sealed", ["Vault is sealed"]);

        await Assert.ThrowsAsync<VaultSealedException>(() => Read(ct));
        var second = await Read(ct);

        Assert.Equal(1, second.Version);
        Assert.Equal(2, _vault.Reads("secret/shop/db"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAsync_ALongerIntervalReusesAReadFromItsWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        await Read(ct, window: TimeSpan.FromMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(1));

        await Read(ct, window: TimeSpan.FromHours(1));

        Assert.Equal(1, _vault.Reads("secret/shop/db"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAsync_WhenTheSyncThatStartedASharedReadIsCancelled_TheOthersStillGetTheAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var first = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var starter = Read(first.Token);
        var waiter = Read(ct);

        await first.CancelAsync(); // the sync that started the read is cancelled (its deadline, shutdown, lost leadership)
        _vault.Gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starter);
        Assert.Equal(1, (await waiter).Version);
        Assert.Equal(1, _vault.Reads("secret/shop/db"));
    }
}
