using Syncer.Tests.Vault.Support;

namespace Syncer.Tests.Vault;

public sealed class VaultClientRateLimitTests
{
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
    public async Task Reads_ByDefault_AreNotRateLimited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "1" });
        var client = h.CreateClient(s => s.SingleFlightWindow = TimeSpan.Zero);

        for (var i = 0; i < 30; i++)
        {
            await client.ReadKeyValueAsync("secret/a", cancellationToken: ct);
        }

        Assert.Equal(30, h.Count("GET", "secret/data/a"));
        Assert.Equal(0, h.Metrics.VaultRateLimitedTotal.Value);
    }
}
