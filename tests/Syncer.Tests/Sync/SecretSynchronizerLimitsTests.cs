using k8s;
using k8s.Models;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;
using static Syncer.Tests.Sync.Support.SyncHarness;

namespace Syncer.Tests.Sync;

/// <summary>
/// What one tenant can cost (sources per Secret, force-sync) and values that cannot be written (a Vault null, a 422),
/// each decided before a read or a repeated write (PRODUCT.md promise 6; issue 12).
/// </summary>
public sealed class SecretSynchronizerLimitsTests
{
    [Fact(Timeout = 30_000)]
    public async Task Sync_WithMoreSourcesThanTheCap_IsASpecErrorBeforeAnyRead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        var keys = string.Join(",", Enumerable.Range(0, 65).Select(i => $"k{i}=secret/shop/p{i}#v"));
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Keys] = keys });
        await h.CreateSecretAsync("at-cap", new Dictionary<string, string> { [SyncAnnotations.Keys] = string.Join(",", Enumerable.Range(0, 64).Select(i => $"k{i}=secret/shop/p{i}#v")) });

        var result = await h.SyncAsync();
        var vaultRequests = h.Vault.Requests.Total;
        var atCap = await h.SyncAsync("at-cap");

        Assert.Equal((SyncOutcome.Failed, SyncFailureReason.InvalidSpec), (result.Outcome, result.Reason));
        Assert.False(result.Retryable);
        Assert.Contains("names 65 Vault paths, more than the 64 one Secret may read (Syncer:Sync:MaxSources)", result.Message, StringComparison.Ordinal);
        Assert.Contains("Syncer:Sync:MaxSources", (await h.GetSecretAsync()).Metadata.Annotations[SyncAnnotations.Error], StringComparison.Ordinal);
        Assert.Equal(0, vaultRequests);
        Assert.Equal(SyncFailureReason.SourceMissing, atCap.Reason); // at the cap it is read (and its paths do not exist)
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenForceSyncIsBumpedAgainAndAgain_ReadsVaultAfreshAtMostOncePerMinimumRefresh_AndLosesNoRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct); // minimum refresh: the default 30 s
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "v1" });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db" });
        await h.SyncAsync();

        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "v2" });
        await h.AnnotateAsync("db", SyncAnnotations.ForceSync, "1");
        var fresh = await h.SyncAsync();
        var inputsAfterFresh = (await h.GetSecretAsync()).Metadata.Annotations[SyncAnnotations.SyncedInputs];
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "v3" });
        var deferred = new List<SyncResult>();
        foreach (var bump in new[] { "2", "3", "4" })
        {
            h.Time.Advance(TimeSpan.FromSeconds(5));
            await h.AnnotateAsync("db", SyncAnnotations.ForceSync, bump);
            deferred.Add(await h.SyncAsync());
        }

        Assert.Equal(("v2", 2L), (Text(await h.GetSecretAsync(), "pw"), h.VaultReads("secret/shop/db")));
        Assert.Null(fresh.FollowUpAfter);
        Assert.Equal([TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(15)], deferred.Select(r => r.FollowUpAfter));
        Assert.All(deferred, r => Assert.True(r.Succeeded));
        Assert.Equal(inputsAfterFresh, (await h.GetSecretAsync()).Metadata.Annotations[SyncAnnotations.SyncedInputs]); // "4" still pending
        Assert.Equal(3, h.Logs.GetSnapshot().Count(r => r.Id.Id == 4014));

        h.Time.Advance(TimeSpan.FromSeconds(15)); // the follow-up the dispatcher queued
        var followUp = await h.SyncAsync();
        var again = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Changed, followUp.Outcome);
        Assert.Null(followUp.FollowUpAfter);
        Assert.Equal(("v3", 3L), (Text(await h.GetSecretAsync(), "pw"), h.VaultReads("secret/shop/db")));
        Assert.NotEqual(inputsAfterFresh, (await h.GetSecretAsync()).Metadata.Annotations[SyncAnnotations.SyncedInputs]);
        Assert.Equal(SyncOutcome.Unchanged, again.Outcome);
        Assert.Equal(3L, h.VaultReads("secret/shop/db"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenVaultHoldsNull_IsAMissingSourceError_AndNeverWritesTheTextNull()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = null, ["user"] = "app" });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db" }, new Dictionary<string, string> { ["pw"] = "kept" });
        await h.CreateSecretAsync("mapped", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Keys] = "password=pw" });

        var whole = await h.SyncAsync();
        var mapped = await h.SyncAsync("mapped");

        Assert.Equal((SyncOutcome.Failed, SyncFailureReason.SourceMissing), (whole.Outcome, whole.Reason));
        Assert.Equal((SyncOutcome.Failed, SyncFailureReason.SourceMissing), (mapped.Outcome, mapped.Reason));
        Assert.Contains("secret/shop/db holds null for 'pw' in Vault", whole.Message, StringComparison.Ordinal);
        Assert.Contains("null in Vault, not a value Syncer writes: 'pw' of secret/shop/db (for key 'password')", mapped.Message, StringComparison.Ordinal);
        Assert.Equal(["pw"], (await h.GetSecretAsync()).Data.Keys);
        Assert.Equal("kept", Text(await h.GetSecretAsync(), "pw"));
        Assert.Null((await h.GetSecretAsync("mapped")).Data);
        Assert.Equal(2, (await h.EventsAsync()).Count(e => e.Reason == "SourceMissing"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenTheApiServerRejectsTheWriteAsInvalid_NamesTheField_AndDoesNotWriteAgainUntilVaultChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/tls", new Dictionary<string, object?> { ["tls.crt"] = "CERT-1", ["tls.key"] = "KEY-1-secret" });
        await h.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "tls",
                NamespaceProperty = Ns,
                Labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = "true" },
                Annotations = new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/tls" },
            },
            Type = "kubernetes.io/tls",
            Data = new Dictionary<string, byte[]> { ["tls.crt"] = "placeholder"u8.ToArray(), ["tls.key"] = "placeholder"u8.ToArray() },
        }, Ns, cancellationToken: ct);
        Assert.Equal(SyncOutcome.Changed, (await h.SyncAsync("tls")).Outcome);
        h.Vault.WriteSecret("secret", "shop/tls", new Dictionary<string, object?> { ["tls.crt"] = "CERT-2" }); // the key went missing in Vault
        h.Time.Advance(TimeSpan.FromHours(1));

        var rejected = await h.SyncAsync("tls");
        var patches = h.Kube.Requests.Count("patch", "secrets");
        h.Time.Advance(TimeSpan.FromHours(1));
        var again = await h.SyncAsync("tls");

        Assert.Equal((SyncOutcome.Failed, SyncFailureReason.WriteRejected), (rejected.Outcome, rejected.Reason));
        Assert.False(rejected.Retryable);
        Assert.Contains("Kubernetes refused the Secret as invalid (422) at data[tls.key] (FieldValueRequired)", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(rejected.Message, again.Message);
        Assert.Equal(patches, h.Kube.Requests.Count("patch", "secrets")); // the same inputs and data: not sent again
        Assert.Equal(2, h.Metrics.SyncFailuresTotal.WithLabels("write_rejected").Value);
        var secret = await h.GetSecretAsync("tls");
        Assert.Equal(("CERT-1", "KEY-1-secret"), (Text(secret, "tls.crt"), Text(secret, "tls.key")));
        Assert.Equal(rejected.Message, secret.Metadata.Annotations[SyncAnnotations.Error]);
        Assert.Single(await h.EventsAsync(), e => e.Type == "Warning" && e.Message.Contains("data[tls.key]", StringComparison.Ordinal));
        Assert.DoesNotContain("KEY-1-secret", h.AllLogText + rejected.Message, StringComparison.Ordinal);

        h.Vault.WriteSecret("secret", "shop/tls", new Dictionary<string, object?> { ["tls.crt"] = "CERT-3", ["tls.key"] = "KEY-3" });
        h.Time.Advance(TimeSpan.FromHours(1));
        var healed = await h.SyncAsync("tls");

        Assert.Equal(SyncOutcome.Changed, healed.Outcome);
        Assert.Equal("CERT-3", Text(await h.GetSecretAsync("tls"), "tls.crt"));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("0 0 0 1 1 ? 2020", "never fires again")]
    [InlineData("0 0 0 1 1 ? 2027", "fires only once more (2027-01-01T00:00:00Z) and then never; a schedule must repeat")]
    public async Task Sync_WithAScheduleThatDoesNotRepeat_IsASpecErrorBeforeAnyRead(string cron, string problem)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct); // the clock says 2026-05-01
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Schedule] = cron });

        var result = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Failed, SyncFailureReason.InvalidSpec), (result.Outcome, result.Reason));
        Assert.Contains($"syncer.io/schedule \"{cron}\": {problem}", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Vault.Requests.Total);
    }
}
