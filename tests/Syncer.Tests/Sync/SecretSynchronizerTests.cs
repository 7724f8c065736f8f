using System.Text;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;
using static Syncer.Tests.Sync.Support.SyncHarness;

namespace Syncer.Tests.Sync;

/// <summary>SecretSynchronizer with the real KubernetesClient and Vault client against the doubles.</summary>
public sealed class SecretSynchronizerTests
{
    private static Dictionary<string, string> PathOnly(string path = "secret/shop/db") => new() { [SyncAnnotations.Path] = path };

    [Fact(Timeout = 30_000)]
    public async Task Sync_FirstTime_FillsDataAndStatusAndRecordsSynced()
    {
        await using var h = await StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["user"] = "app", ["pw"] = "s3cret-value", ["port"] = 5432 });
        await h.CreateSecretAsync("db", PathOnly());

        var result = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var secret = await h.GetSecretAsync();
        Assert.Equal("app", Text(secret, "user"));
        Assert.Equal("s3cret-value", Text(secret, "pw"));
        Assert.Equal("5432", Text(secret, "port"));
        var annotations = secret.Metadata.Annotations;
        Assert.Equal("port,pw,user", annotations[SyncAnnotations.ManagedKeys]);
        Assert.Equal("secret/shop/db@1", annotations[SyncAnnotations.SourceVersion]);
        Assert.StartsWith("hmac-sha256-v2:", annotations[SyncAnnotations.DataHash], StringComparison.Ordinal);
        Assert.Equal("2026-05-01T08:00:00Z", annotations[SyncAnnotations.SyncedAt]);
        Assert.False(annotations.ContainsKey(SyncAnnotations.Error));
        var synced = Assert.Single(await h.EventsAsync());
        Assert.Equal(("Normal", "Synced", "Secret", "db"), (synced.Type, synced.Reason, synced.InvolvedObject.Kind, synced.InvolvedObject.Name));
        Assert.Equal(1, h.Metrics.SyncsTotal.WithLabels("changed").Value);
        Assert.DoesNotContain("s3cret-value", h.AllLogText, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", synced.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenNothingChanged_MakesZeroKubernetesWritesAndNoVaultReadWithinTheInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        await h.CreateSecretAsync("db", PathOnly());
        await h.SyncAsync();
        var (writes, reads, events) = (h.SecretWrites, h.VaultReads("secret/shop/db"), (await h.EventsAsync()).Count);

        var result = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Unchanged, result.Outcome);
        Assert.Equal(writes, h.SecretWrites);
        Assert.Equal(reads, h.VaultReads("secret/shop/db"));
        Assert.Equal(events, (await h.EventsAsync()).Count);
        Assert.Equal(1, h.Metrics.SyncsTotal.WithLabels("unchanged").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_AfterAnIntervalWithNoVaultChange_ReadsVaultAgainButWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Refresh] = "5m" });
        await h.SyncAsync();
        var writes = h.SecretWrites;

        h.Time.Advance(TimeSpan.FromMinutes(5));
        var result = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Unchanged, result.Outcome);
        Assert.Equal(2, h.VaultReads("secret/shop/db"));
        Assert.Equal(writes, h.SecretWrites);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_AfterVaultChangedAndTheIntervalPassed_WritesTheNewValueAndVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "one", ["user"] = "app" });
        await h.CreateSecretAsync("db", PathOnly());
        await h.SyncAsync();
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "two", ["user"] = "app" });

        h.Time.Advance(TimeSpan.FromHours(1));
        var result = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var secret = await h.GetSecretAsync();
        Assert.Equal("two", Text(secret, "pw"));
        Assert.Equal("secret/shop/db@2", secret.Metadata.Annotations[SyncAnnotations.SourceVersion]);
        Assert.Equal("2026-05-01T09:00:00Z", secret.Metadata.Annotations[SyncAnnotations.SyncedAt]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WithinTheIntervalAfterAVaultChange_PicksItUpOnlyWhenForceSyncChanged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "one" });
        await h.CreateSecretAsync("db", PathOnly());
        await h.SyncAsync();
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "two" });

        var cached = await h.SyncAsync();
        await h.AnnotateAsync("db", SyncAnnotations.ForceSync, "2026-05-01T08:01:00Z");
        var forced = await h.SyncAsync();
        var again = await h.SyncAsync(); // the same force-sync value does not read Vault again

        Assert.Equal(SyncOutcome.Unchanged, cached.Outcome);
        Assert.Equal(SyncOutcome.Changed, forced.Outcome);
        Assert.Equal(SyncOutcome.Unchanged, again.Outcome);
        Assert.Equal("two", Text(await h.GetSecretAsync(), "pw"));
        Assert.Equal(2, h.VaultReads("secret/shop/db"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_AfterAHandEditOfAManagedKey_RestoresItAndLeavesUnownedKeysAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        await h.CreateSecretAsync("db", PathOnly(), new Dictionary<string, string> { ["ca.crt"] = "not syncer's" });
        await h.SyncAsync();
        await h.SetDataByHandAsync("db", "pw", "hacked");
        await h.SetDataByHandAsync("db", "extra", "added by a person");

        var result = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var secret = await h.GetSecretAsync();
        Assert.Equal("s3cret", Text(secret, "pw"));
        Assert.Equal("not syncer's", Text(secret, "ca.crt"));
        Assert.Equal("added by a person", Text(secret, "extra"));
        Assert.Equal("pw", secret.Metadata.Annotations[SyncAnnotations.ManagedKeys]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenVaultNoLongerHasAManagedKey_RemovesOnlyThatKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret", ["old"] = "retired" });
        await h.CreateSecretAsync("db", PathOnly(), new Dictionary<string, string> { ["mine"] = "keep" });
        await h.SyncAsync();
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        h.Time.Advance(TimeSpan.FromHours(1));

        await h.SyncAsync();

        var secret = await h.GetSecretAsync();
        Assert.Equal(["mine", "pw"], secret.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("pw", secret.Metadata.Annotations[SyncAnnotations.ManagedKeys]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WithAKeysMapping_WritesOnlyMappedKeysWithNestedAndCrossPathValues()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["creds"] = new Dictionary<string, object?> { ["user"] = "app", ["pw"] = "p" }, ["noise"] = "x" });
        h.Vault.WriteSecret("secret", "shop/api", new Dictionary<string, object?> { ["token"] = "t" });
        await h.CreateSecretAsync("db", new Dictionary<string, string>
        {
            [SyncAnnotations.Path] = "secret/shop/db",
            [SyncAnnotations.Keys] = "username=creds.user,password=creds.pw,api-token=secret/shop/api#token",
        });

        await h.SyncAsync();

        var secret = await h.GetSecretAsync();
        Assert.Equal(["api-token", "password", "username"], secret.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("app", Text(secret, "username"));
        Assert.Equal("t", Text(secret, "api-token"));
        Assert.Equal("secret/shop/api@1,secret/shop/db@1", secret.Metadata.Annotations[SyncAnnotations.SourceVersion]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenTheWriteConflicts_ReadsAgainAndSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        await h.CreateSecretAsync("db", PathOnly());
        h.Kube.Faults.ForceConflicts("secrets", 2);

        var result = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        Assert.Equal("s3cret", Text(await h.GetSecretAsync(), "pw"));
        Assert.Equal(3, h.Kube.Requests.Count("patch", "secrets"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenTheSecretIsGoneOrUnlabeled_SaysSoAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        await h.CreateSecretAsync("plain", PathOnly(), labeled: false);
        var writes = h.SecretWrites;

        var missing = await h.SyncAsync("nope");
        var unlabeled = await h.SyncAsync("plain");

        Assert.Equal(SyncOutcome.Gone, missing.Outcome);
        Assert.Equal(SyncOutcome.Gone, unlabeled.Outcome);
        Assert.Equal(writes, h.SecretWrites);
        Assert.Equal(0, h.Vault.Requests.Total);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_FromAStaleIndexEntry_GetsAConflictReadsAgainAndKeepsTheOtherWritersChange()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "one" });
        await h.CreateSecretAsync("db", PathOnly());
        await h.SyncAsync();
        await h.ObserveAsync(); // the watch event of that write: the index is at the resourceVersion Syncer wrote
        await h.SetDataByHandAsync("db", "extra", "written meanwhile"); // not observed yet: the index is stale
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "two" });
        h.Time.Advance(TimeSpan.FromHours(1));
        var patches = h.Kube.Requests.Count("patch", "secrets");

        var result = await h.SyncObservedAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var secret = await h.GetSecretAsync();
        Assert.Equal("two", Text(secret, "pw"));
        Assert.Equal("written meanwhile", Text(secret, "extra"));
        Assert.Equal(patches + 2, h.Kube.Requests.Count("patch", "secrets")); // the 409, then the write
    }
}
