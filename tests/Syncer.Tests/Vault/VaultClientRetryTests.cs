using Syncer.Tests.Vault.Support;
using Syncer.Vault;

namespace Syncer.Tests.Vault;

/// <summary>The Go client's retry policy, with every wait measured on the fake clock (no real sleeps).</summary>
public sealed class VaultClientRetryTests
{
    private static async Task<(VaultHarness Harness, VaultClient Client)> StartWarmAsync(CancellationToken ct)
    {
        var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var client = h.CreateClient(s => s.KvVersions["secret"] = 2);
        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct); // login now, so only reads are counted below
        h.Time.Advance(TimeSpan.FromSeconds(5));                             // past the single-flight window
        return (h, client);
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_After429WithRetryAfterSeconds_WaitsExactlyThatLong()
    {
        var ct = TestContext.Current.CancellationToken;
        var (h, client) = await StartWarmAsync(ct);
        await using var _ = h;
        h.Vault.Faults.FailNext(1, 429, retryAfter: "3", pathPrefix: "secret/data/");
        var timers = h.Time.TimersCreated;

        var read = client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        var delay = await h.Time.WaitForTimerAsync(timers, ct);
        h.Time.Advance(delay - TimeSpan.FromMilliseconds(1));
        var countJustBefore = h.Count("GET", "secret/data/app");
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        var secret = await read;

        Assert.Equal(TimeSpan.FromSeconds(3), delay);
        Assert.Equal(2, countJustBefore); // warm-up read + the 429
        Assert.Equal(3, h.Count("GET", "secret/data/app"));
        Assert.Equal("v", secret.Data["k"].GetString());
        Assert.Equal(1, h.Metrics.VaultRetriesTotal.WithLabels("429").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_After429WithRetryAfterAsADate_WaitsUntilThatDate()
    {
        var ct = TestContext.Current.CancellationToken;
        var (h, client) = await StartWarmAsync(ct);
        await using var _ = h;
        h.Vault.Faults.FailNext(1, 429, retryAfter: h.Time.GetUtcNow().AddSeconds(7).ToString("R"), pathPrefix: "secret/data/");
        var timers = h.Time.TimersCreated;

        var read = client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        var delay = await h.Time.WaitForTimerAsync(timers, ct);
        h.Time.Advance(delay);
        await read;

        Assert.Equal(TimeSpan.FromSeconds(7), delay);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(412)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Read_AfterARetryableStatus_RetriesWithJitteredBackoff(int status)
    {
        var ct = TestContext.Current.CancellationToken;
        var (h, client) = await StartWarmAsync(ct);
        await using var _ = h;
        h.Vault.Faults.FailNext(2, status, pathPrefix: "secret/data/");
        var timers = h.Time.TimersCreated;

        var read = client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        await h.DriveAsync(read, ct);
        await read;

        var delays = h.Time.DueTimes.Skip(timers).ToList();
        Assert.Equal(2, delays.Count);
        Assert.InRange(delays[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5));
        Assert.InRange(delays[1], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        Assert.Equal(1 + 3, h.Count("GET", "secret/data/app"));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(400, typeof(VaultApiException))]
    [InlineData(403, typeof(VaultForbiddenException))]
    [InlineData(404, typeof(VaultSecretNotFoundException))]
    [InlineData(405, typeof(VaultApiException))]
    [InlineData(501, typeof(VaultApiException))]
    public async Task Read_AfterANonRetryableStatus_FailsAtOnceWithoutRetrying(int status, Type expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var (h, client) = await StartWarmAsync(ct);
        await using var _ = h;
        h.Vault.Faults.FailNext(1, status, pathPrefix: "secret/data/");
        var timers = h.Time.TimersCreated;

        var e = await Assert.ThrowsAnyAsync<VaultApiException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));

        Assert.IsType(expected, e);
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(2, h.Count("GET", "secret/data/app")); // warm-up + one attempt
        Assert.Equal(timers, h.Time.TimersCreated);         // no retry wait started
        Assert.Equal(0, h.Metrics.VaultRetriesTotal.WithLabels("4xx").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_WhenVaultIsSealed_ThrowsVaultSealedExceptionAfterTheBoundedRetries()
    {
        var ct = TestContext.Current.CancellationToken;
        var (h, client) = await StartWarmAsync(ct);
        await using var _ = h;
        h.Vault.Sealed = true;

        var read = client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        await h.DriveAsync(read, ct);

        await Assert.ThrowsAsync<VaultSealedException>(() => read);
        Assert.Equal(1 + 3, h.Count("GET", "secret/data/app"));
        Assert.Equal(2, h.Metrics.VaultRetriesTotal.WithLabels("503").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task FirstReadsOnANewMount_WhenVaultIsSealed_ShareOneMountLookupsRetries()
    {
        var ct = TestContext.Current.CancellationToken;
        var (h, client) = await StartWarmAsync(ct); // logged in, "secret" known
        await using var _ = h;
        h.Vault.EnableKv("team", 2);
        h.Vault.Sealed = true;

        var reads = Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.ReadKeyValueAsync($"team/app-{i}", cancellationToken: ct)));
        await h.DriveAsync(reads, ct);

        await Assert.ThrowsAsync<VaultSealedException>(() => reads);
        Assert.Equal(3, h.CountPrefix("sys/internal/ui/mounts/team/")); // one lookup's three attempts, not five lookups'
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_WhenVaultIsUnreachable_ThrowsVaultUnavailableExceptionAfterTheBoundedRetries()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = h.CreateClient(s => s.Address = "http://127.0.0.1:1"); // nothing listens on port 1

        var read = client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        await h.DriveAsync(read, ct);

        var e = await Assert.ThrowsAsync<VaultUnavailableException>(() => read);
        Assert.Contains("127.0.0.1:1", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, h.Metrics.VaultRetriesTotal.WithLabels("transport").Value);
        Assert.Equal(3, h.Metrics.VaultRequestsTotal.WithLabels("token_lookup", "error").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_RedirectedOnceToTheActiveNode_FollowsWithTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        var (h, client) = await StartWarmAsync(ct);
        await using var _ = h;
        h.Vault.Faults.RedirectNext(1, h.Vault.Address, "secret/data/");

        var secret = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.Equal("v", secret.Data["k"].GetString());
        Assert.Equal(1 + 2, h.Count("GET", "secret/data/app")); // the 307, then the same read at the target
    }
}
