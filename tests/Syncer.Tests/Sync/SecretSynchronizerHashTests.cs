using System.Text;
using System.Text.Json.Nodes;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;
using static Syncer.Tests.Sync.Support.SyncHarness;

namespace Syncer.Tests.Sync;

/// <summary>
/// The data-hash bound to the Secret, rewritten without a data change; ownership proven by it, not by the
/// managed-keys annotation; adoption reported (PRODUCT.md section 2; issue 12).
/// </summary>
public sealed class SecretSynchronizerHashTests
{
    private static Dictionary<string, string> PathOnly(string path = "secret/shop/db") => new() { [SyncAnnotations.Path] = path };

    private static Dictionary<string, byte[]> Bytes(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value), StringComparer.Ordinal);

    [Fact(Timeout = 30_000)]
    public async Task Sync_OfEqualDataInTwoSecrets_HashesEachBoundToItsNamespaceAndName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct, namespaces: "prod");
        var data = new Dictionary<string, object?> { ["pw"] = "same-value" };
        h.Vault.WriteSecret("secret", "shop/db", data);
        h.Vault.WriteSecret("secret", "prod/db", data);
        await h.CreateSecretAsync("db", PathOnly());
        await h.CreateSecretAsync("copy", PathOnly());
        await h.CreateSecretAsync("db", PathOnly("secret/prod/db"), ns: "prod");

        await h.SyncAsync("db");
        await h.SyncAsync("copy");
        await h.SyncAsync("db", "prod");

        var key = await h.HashKeyAsync();
        var hashes = new List<string>();
        foreach (var (ns, name) in new[] { ("shop", "db"), ("shop", "copy"), ("prod", "db") })
        {
            var hash = (await h.GetSecretAsync(name, ns)).Metadata.Annotations[SyncAnnotations.DataHash];
            Assert.StartsWith("hmac-sha256-v2:", hash, StringComparison.Ordinal);
            Assert.Equal(new DataHasher(key, ns, name).Hash(Bytes(("pw", "same-value"))), hash);
            hashes.Add(hash);
        }

        Assert.Equal(3, hashes.Distinct().Count());
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_OfASecretCarryingALegacyHash_RewritesItAsAStatusWrite_WithNoDataOrRevisionChange_AndRemovesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret", ["old"] = "retiring" });
        await h.CreateSecretAsync("db", PathOnly());
        await h.SyncAsync();
        // As an older Syncer left it: the legacy form over the data alone, and a revision the restart work counts from.
        var legacy = new DataHasher(await h.HashKeyAsync(), Ns, "db").LegacyHash(Bytes(("old", "retiring"), ("pw", "s3cret")));
        await h.PatchAsync("db", new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [SyncAnnotations.DataHash] = legacy, [SyncAnnotations.DataRevision] = "1" } },
        });
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" }); // Vault dropped "old"
        h.Time.Advance(TimeSpan.FromHours(1)); // its next scheduled sync
        var before = await h.GetSecretAsync();
        var (dataWrites, events) = (h.Metrics.SecretWritesTotal.WithLabels("data").Value, (await h.EventsAsync()).Count);

        var rewrite = await h.SyncAsync();
        var after = await h.GetSecretAsync();
        var next = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Changed, false), (rewrite.Outcome, rewrite.DataChanged));
        Assert.Equal(1, h.Metrics.SecretWritesTotal.WithLabels("status").Value);
        Assert.Equal(dataWrites, h.Metrics.SecretWritesTotal.WithLabels("data").Value);
        Assert.Equal(events, (await h.EventsAsync()).Count); // no Synced: nothing a user sees changed
        Assert.Equal(before.Data.Keys.Order(), after.Data.Keys.Order());
        Assert.All(before.Data, kv => Assert.Equal(kv.Value, after.Data[kv.Key])); // "old" too: a legacy hash proves no ownership
        Assert.Equal(new DataHasher(await h.HashKeyAsync(), Ns, "db").Hash(Bytes(("pw", "s3cret"))), after.Metadata.Annotations[SyncAnnotations.DataHash]);
        Assert.Equal("1", after.Metadata.Annotations[SyncAnnotations.DataRevision]);
        Assert.Equal("pw", after.Metadata.Annotations[SyncAnnotations.ManagedKeys]);
        Assert.Equal(SyncOutcome.Unchanged, next.Outcome); // rewritten once, then in step
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_OfASecretWhoseLegacyHashMatchesItsData_RewritesOnlyTheHash_Once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        await h.CreateSecretAsync("db", PathOnly());
        await h.SyncAsync();
        var legacy = new DataHasher(await h.HashKeyAsync(), Ns, "db").LegacyHash(Bytes(("pw", "s3cret")));
        await h.AnnotateAsync("db", SyncAnnotations.DataHash, legacy); // as an older Syncer wrote it, over the same data
        h.Time.Advance(TimeSpan.FromHours(1));
        var before = await h.GetSecretAsync();

        var rewrite = await h.SyncAsync();
        var next = await h.SyncAsync();

        var after = await h.GetSecretAsync();
        Assert.Equal((SyncOutcome.Changed, false), (rewrite.Outcome, rewrite.DataChanged));
        Assert.NotEqual(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.StartsWith(DataHasher.Prefix, after.Metadata.Annotations[SyncAnnotations.DataHash], StringComparison.Ordinal);
        Assert.Equal(before.Data["pw"], after.Data["pw"]);
        Assert.Equal((1, 1), ((int)h.Metrics.SecretWritesTotal.WithLabels("status").Value, (int)h.Metrics.SecretWritesTotal.WithLabels("data").Value));
        Assert.Equal(SyncOutcome.Unchanged, next.Outcome);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_OfASecretWithAHandWrittenManagedKeysAnnotation_RemovesNoKeySyncerDidNotWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        // As a chart might ship it: Syncer's own annotation, listing a key the team put there.
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.ManagedKeys] = "ca.crt,pw" },
            new Dictionary<string, string> { ["ca.crt"] = "the team's own" });

        var result = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var secret = await h.GetSecretAsync();
        Assert.Equal("the team's own", Text(secret, "ca.crt"));
        Assert.Equal("s3cret", Text(secret, "pw"));
        Assert.Equal("pw", secret.Metadata.Annotations[SyncAnnotations.ManagedKeys]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_OfASecretCopiedWithItsAnnotationsFromAnother_RemovesNoKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret", ["extra"] = "x" });
        h.Vault.WriteSecret("secret", "shop/other", new Dictionary<string, object?> { ["pw"] = "other" });
        await h.CreateSecretAsync("db", PathOnly());
        await h.SyncAsync();
        var original = await h.GetSecretAsync();
        // kubectl get secret db -o yaml, renamed, pointed at another path, applied.
        var annotations = new Dictionary<string, string>(original.Metadata.Annotations) { [SyncAnnotations.Path] = "secret/shop/other" };
        await h.CreateSecretAsync("copy", annotations, original.Data.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(kv.Value)));

        await h.SyncAsync("copy");

        var copy = await h.GetSecretAsync("copy");
        Assert.Equal("x", Text(copy, "extra")); // its hash names Secret shop/db, so it proves nothing about this one
        Assert.Equal("other", Text(copy, "pw"));
        Assert.Equal("pw", copy.Metadata.Annotations[SyncAnnotations.ManagedKeys]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_FirstSyncOfASecretHoldingKeysVaultProvides_NamesTheKeysTakenOverInItsSyncedEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "from-vault", ["user"] = "app", ["host"] = "db" });
        h.Vault.WriteSecret("secret", "shop/same", new Dictionary<string, object?> { ["user"] = "app" });
        await h.CreateSecretAsync("db", PathOnly(), new Dictionary<string, string> { ["pw"] = "typed-by-hand", ["user"] = "app", ["mine"] = "kept" });
        await h.CreateSecretAsync("same", PathOnly("secret/shop/same"), new Dictionary<string, string> { ["user"] = "app" });
        await h.CreateSecretAsync("fresh", PathOnly("secret/shop/same"));

        await h.SyncAsync("db");
        await h.SyncAsync("same");
        await h.SyncAsync("fresh");

        var synced = (await h.EventsAsync()).Where(e => e.Reason == "Synced").ToDictionary(e => e.InvolvedObject.Name, e => e.Message);
        Assert.EndsWith("took over 2 existing key(s), now from Vault: pw, user", synced["db"], StringComparison.Ordinal);
        Assert.EndsWith("took over 1 existing key(s), now from Vault: user", synced["same"], StringComparison.Ordinal); // equal value: adopted all the same
        Assert.DoesNotContain("took over", synced["fresh"], StringComparison.Ordinal);
        Assert.DoesNotContain("typed-by-hand", synced["db"], StringComparison.Ordinal);
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Id.Id == 4013 && r.Message.Contains("shop/db", StringComparison.Ordinal) && r.Message.Contains("pw,user", StringComparison.Ordinal));
        Assert.Equal("kept", Text(await h.GetSecretAsync(), "mine"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_AfterTheFirst_ReportsNoAdoptionAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "one" });
        await h.CreateSecretAsync("db", PathOnly(), new Dictionary<string, string> { ["pw"] = "typed-by-hand" });
        await h.SyncAsync();
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "two" });
        h.Time.Advance(TimeSpan.FromHours(1));

        await h.SyncAsync();

        var synced = (await h.EventsAsync()).Where(e => e.Reason == "Synced").Select(e => e.Message).ToList();
        Assert.Equal(2, synced.Count);
        Assert.Single(synced, m => m.Contains("took over", StringComparison.Ordinal));
    }
}
