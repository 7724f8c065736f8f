using Syncer.Doubles.Vault;
using Syncer.Tests.Vault.Support;
using Syncer.Vault;

namespace Syncer.Tests.Vault;

/// <summary>Mount lookups are single-flight per first path segment, not behind one global lock.</summary>
public sealed class VaultClientMountLookupTests
{
    private const string Lookups = "sys/internal/ui/mounts/";

    [Fact(Timeout = 30_000)]
    public async Task FirstReads_UnderDifferentFirstSegments_LookUpTheirMountsInParallel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        foreach (var team in new[] { "team-a", "team-b", "team-c" })
        {
            h.Vault.EnableMount(VaultMount.Kv(team, 2));
            h.Vault.WriteSecret(team, "db", new Dictionary<string, object?> { ["k"] = team });
        }

        var client = h.CreateClient();
        await client.ResolveMountAsync("secret/warm-up", cancellationToken: ct); // the login, so only lookups are held below
        h.Vault.Faults.Latency = TimeSpan.FromSeconds(1);                      // each request waits until the clock moves

        var reads = new[] { "team-a", "team-b", "team-c" }.Select(t => client.ReadKeyValueAsync($"{t}/db", cancellationToken: ct)).ToList();
        // The clock is frozen: only lookups running side by side can all have reached the double.
        await Eventually.HoldsAsync(() => h.CountPrefix(Lookups + "team-") == 3, "three lookups in flight at once", ct);
        h.Vault.Faults.Latency = TimeSpan.Zero;
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(reads);

        Assert.Equal(["team-a", "team-b", "team-c"], results.Select(r => r.Data["k"].GetString()));
        Assert.Equal(3, h.CountPrefix(Lookups + "team-"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ConcurrentFirstReads_UnderSiblingMountsOfOneSegment_EachFindTheirOwnMount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.EnableKv("team/a", 2);
        h.Vault.EnableKv("team/b", 1);
        h.Vault.WriteSecret("team/a", "x", new Dictionary<string, object?> { ["k"] = "a-x" });
        h.Vault.WriteSecret("team/a", "z", new Dictionary<string, object?> { ["k"] = "a-z" });
        h.Vault.WriteSecret("team/b", "y", new Dictionary<string, object?> { ["k"] = "b-y" });
        var client = h.CreateClient();

        var results = await Task.WhenAll(new[] { "team/a/x", "team/b/y", "team/a/z" }.Select(p => client.ReadKeyValueAsync(p, cancellationToken: ct)));

        Assert.Equal([("team/a", "a-x"), ("team/b", "b-y"), ("team/a", "a-z")], results.Select(r => (r.Mount, r.Data["k"].GetString())));
        Assert.Equal(2, h.CountPrefix(Lookups)); // one per mount, whoever waited on whose lookup
    }

    [Fact(Timeout = 30_000)]
    public async Task AnOutageSeenByOneLookup_AnswersEveryReadWaitingOnIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = h.CreateClient();
        await client.ResolveMountAsync("kv/warm-up", cancellationToken: ct); // logged in; "secret" is still unknown
        h.Vault.Sealed = true;

        var reads = Enumerable.Range(0, 10).Select(i => client.ReadKeyValueAsync($"secret/app-{i}", cancellationToken: ct)).ToList();
        await h.DriveAsync(Task.WhenAll(reads), ct, until: () => reads.All(r => r.IsCompleted));

        Assert.All(reads, r => Assert.IsType<VaultSealedException>(r.Exception?.InnerException));
        Assert.Equal(3, h.CountPrefix(Lookups + "secret/")); // one lookup's three attempts, not ten times three
    }

    [Fact(Timeout = 30_000)]
    public async Task Lookup_OnAServerWithoutTheEndpoint_TakesTheFirstSegmentAsKvV1()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("kv", "flat", new Dictionary<string, object?> { ["k"] = "v1" });
        h.Vault.Faults.FailNext(1, 404, pathPrefix: Lookups); // as a server before Vault 0.10 answers
        var client = h.CreateClient();

        var secret = await client.ReadKeyValueAsync("kv/flat", cancellationToken: ct);

        Assert.Equal(("kv", (int?)null, "v1"), (secret.Mount, secret.Version, secret.Data["k"].GetString()));
        Assert.Equal(new SecretsEngineMount("kv", "kv", 1), await client.ResolveMountAsync("kv/other", cancellationToken: ct));
    }
}
