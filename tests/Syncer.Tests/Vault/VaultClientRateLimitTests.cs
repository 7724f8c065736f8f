using Syncer.Tests.Vault.Support;
using Syncer.Vault.Configuration;

namespace Syncer.Tests.Vault;

/// <summary>
/// The client-side token bucket, on by default (50/s, burst 100): a request over the limit waits, never fails.
/// TokenBucketRateLimiter refills on real time (it takes no TimeProvider and reads its own Stopwatch), so these tests
/// compare counts only: what went out at once, what waited, what failed (nothing); never how long anything took.
/// </summary>
public sealed class VaultClientRateLimitTests
{
    [Fact(Timeout = 30_000)]
    public async Task Reads_ByDefault_BeyondTheBurst_WaitForTheirTurn_AndAllSucceed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "1" });
        var client = h.CreateClient(s => s.KvVersions["secret"] = 2);
        await client.ReadKeyValueAsync("secret/a", cancellationToken: ct); // the login and one read: 2 of the 100 tokens

        // Started in one go: far quicker than the 2 s the bucket needs to refill 100 tokens.
        var reads = Enumerable.Range(0, 200).Select(_ => client.ReadSecretMetadataAsync("a", "secret", ct)).ToList();
        var waited = h.Metrics.VaultRateLimitedTotal.Value;
        await Task.WhenAll(reads);

        Assert.InRange(waited, 1, 200 - 98);
        Assert.Equal(waited, h.Metrics.VaultRateLimitedTotal.Value); // each request waits at most once, before its retries
        Assert.Equal(200, h.Count("GET", "secret/metadata/a"));      // none failed for the limit
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_WhenTheBucketIsEmpty_WaitsForATokenBeforeSendingAnything()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "1" });
        // Two requests at once, then one per 1000 s: the login lookup and the first read use the burst.
        var client = h.CreateClient(s =>
        {
            s.KvVersions["secret"] = 2;
            s.RateLimit.RequestsPerSecond = 0.001;
            s.RateLimit.Burst = 2;
        });
        await client.ReadKeyValueAsync("secret/a", cancellationToken: ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var blocked = client.ReadSecretMetadataAsync("a", "secret", cancel.Token);
        await Eventually.HoldsAsync(() => h.Metrics.VaultRateLimitedTotal.Value == 1, "the read to queue on the limiter", ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        Assert.Equal(0, h.Count("GET", "secret/metadata/a"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Reads_WithTheLimitSetToZero_AreNotRateLimited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "1" });
        var client = h.CreateClient(s => (s.KvVersions["secret"], s.RateLimit.RequestsPerSecond) = (2, 0));

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => client.ReadSecretMetadataAsync("a", "secret", ct)));

        Assert.Equal(200, h.Count("GET", "secret/metadata/a"));
        Assert.Equal(0, h.Metrics.VaultRateLimitedTotal.Value);
    }

    [Fact]
    public void Defaults_AreFiftyPerSecondWithBurstsOfAHundred()
    {
        var settings = new VaultRateLimitSettings();

        Assert.Equal((50, 100), (settings.EffectiveRequestsPerSecond, settings.EffectiveBurst));
    }
}
