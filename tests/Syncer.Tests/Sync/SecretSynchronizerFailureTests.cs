using k8s;
using Syncer.Doubles.Vault;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;
using static Syncer.Tests.Sync.Support.SyncHarness;

namespace Syncer.Tests.Sync;

/// <summary>
/// PRODUCT.md promise 1: every failure leaves the data byte-for-byte as it was, and shows as the error annotation,
/// a Warning Event, a log line and a metric; a later success clears it.
/// </summary>
public sealed class SecretSynchronizerFailureTests
{
    private const string Value = "s3cret-Value-42";

    public static TheoryData<string, string, string, string> Failures => new()
    {
        // scenario, metric reason, Event reason, fragment of syncer.io/error
        { "vault sealed", "vault_unavailable", "SyncFailed", "Vault is sealed; could not read secret/shop/db" },
        { "vault unreachable", "vault_unavailable", "SyncFailed", "Vault is unreachable; could not read secret/shop/db" },
        { "latest version deleted", "source_missing", "SourceMissing", "secret/shop/db is deleted in Vault" },
        { "latest version destroyed", "source_missing", "SourceMissing", "secret/shop/db is destroyed in Vault" },
        { "path never written", "source_missing", "SourceMissing", "secret/shop/other does not exist in Vault" },
        { "pinned version missing", "source_missing", "SourceMissing", "secret/shop/db@9 does not exist in Vault" },
        { "mapped property missing", "source_missing", "SourceMissing", "'nothere' of secret/shop/db (for key 'pw')" },
        { "unknown mount", "vault_denied", "SyncFailed", "Vault denied reading nomount/shop/db (403): Syncer's Vault policy does not grant it, or no KV mount serves it" },
        { "bad annotation", "invalid_spec", "SyncFailed", "syncer.io/refresh \"5x\": has unknown unit 'x'" },
        { "policy denial", "forbidden", "Forbidden", "namespace 'shop' may not read 'secret/billing/db'" },
        { "vault policy denial", "vault_denied", "SyncFailed", "Vault denied reading secret/shop/locked (403)" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Failures))]
    public async Task Sync_WhenItFails_KeepsDataAndReportsOnEveryFace(string scenario, string metricReason, string eventReason, string fragment)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct, vaultToken: v => ReaderToken(v));
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = Value, ["user"] = "app" });
        h.Vault.WriteSecret("secret", "shop/locked", new Dictionary<string, object?> { ["pw"] = Value });
        h.Vault.WriteSecret("secret", "billing/db", new Dictionary<string, object?> { ["pw"] = Value });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db" }, new Dictionary<string, string> { ["mine"] = "kept" });
        Assert.Equal(SyncOutcome.Changed, (await h.SyncAsync()).Outcome);
        var before = await h.GetSecretAsync();
        var eventsBefore = (await h.EventsAsync()).Count;
        h.Time.Advance(TimeSpan.FromHours(1)); // past the read-cache window: the next sync asks Vault again

        await BreakAsync(h, scenario);
        var result = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        Assert.Equal(metricReason, result.Reason!.Value.MetricLabel());
        var after = await h.GetSecretAsync();
        Assert.Equal(before.Data.Keys.Order(StringComparer.Ordinal), after.Data.Keys.Order(StringComparer.Ordinal));
        Assert.All(before.Data, kv => Assert.Equal(kv.Value, after.Data[kv.Key]));
        var error = after.Metadata.Annotations[SyncAnnotations.Error];
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        var warning = Assert.Single((await h.EventsAsync()).Skip(eventsBefore));
        Assert.Equal(("Warning", eventReason), (warning.Type, warning.Reason));
        Assert.Contains(fragment, warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Metrics.SyncFailuresTotal.WithLabels(metricReason).Value);
        Assert.Equal(1, h.Metrics.SyncsTotal.WithLabels("failed").Value);
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Id.Id == 4003 && r.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.DoesNotContain(Value, h.AllLogText + error + warning.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenThePolicyDenies_NeverAsksVault()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "billing/db", new Dictionary<string, object?> { ["pw"] = Value });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/billing/db" });

        var result = await h.SyncAsync();

        Assert.Equal(SyncFailureReason.Forbidden, result.Reason);
        Assert.Equal(0, h.Vault.Requests.Total);
        Assert.Null((await h.GetSecretAsync()).Data);
        Assert.False(result.Retryable);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenTheSameFailureRepeats_WritesNothingMoreAndRecordsNoNewEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = Value });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db" });
        h.Vault.Sealed = true;
        var first = await h.SyncAsync();
        var (writes, events) = (h.SecretWrites, (await h.EventsAsync()).Count);

        var second = await h.SyncAsync();

        Assert.Equal(SyncFailureReason.VaultUnavailable, second.Reason);
        Assert.True(second.Retryable);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(writes, h.SecretWrites);
        Assert.Equal(events, (await h.EventsAsync()).Count);
        Assert.Equal(2, h.Metrics.SyncFailuresTotal.WithLabels("vault_unavailable").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_AfterRecovery_ClearsTheErrorAndRecordsSynced()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = Value });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db" });
        await h.SyncAsync();
        h.Time.Advance(TimeSpan.FromHours(1));
        h.Vault.Sealed = true;
        await h.SyncAsync();
        Assert.True((await h.GetSecretAsync()).Metadata.Annotations.ContainsKey(SyncAnnotations.Error));

        h.Vault.Sealed = false;
        var result = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var secret = await h.GetSecretAsync();
        Assert.False(secret.Metadata.Annotations.ContainsKey(SyncAnnotations.Error));
        Assert.Equal(Value, Text(secret, "pw"));
        var synced = (await h.EventsAsync()).Where(e => e.Reason == "Synced").ToList();
        Assert.Equal(2, synced.Count); // first fill, then recovery
        Assert.Single(synced, e => e.Type == "Normal" && e.Message.Contains("in step with secret/shop/db@1 again", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenKubernetesRejectsTheWrite_FailsWithoutTouchingData()
    {
        await using var h = await FilledThenChangedInVaultAsync(TestContext.Current.CancellationToken);
        h.Kube.Faults.SetErrorRate("patch", "secrets", 1.0, 500);

        var result = await h.SyncAsync();

        Assert.Equal(SyncFailureReason.KubernetesError, result.Reason);
        Assert.True(result.Retryable);
        h.Kube.Faults.Clear();
        Assert.Equal("one", Text(await h.GetSecretAsync(), "pw"));
        Assert.Equal(1, h.Metrics.SyncFailuresTotal.WithLabels("kubernetes_error").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenKubernetesRefusesTheWriteAndTheAnnotation_RecordsAWarningOncePerText()
    {
        await using var h = await FilledThenChangedInVaultAsync(TestContext.Current.CancellationToken);
        List<k8s.Models.Corev1Event> Warnings(IReadOnlyList<k8s.Models.Corev1Event> all) => // in the order recorded: the clock stands still, names do not sort
            [.. all.Where(e => e.Type == "Warning").OrderBy(e => long.Parse(e.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Empty(Warnings(await h.EventsAsync()));

        // The data write and the error annotation's write both meet the 429: only the Event can say so.
        h.Kube.Faults.SetErrorRate("patch", "secrets", 1.0, 429);
        await h.SyncAsync();
        await h.SyncAsync();
        h.Kube.Faults.SetErrorRate("patch", "secrets", 1.0, 503);
        await h.SyncAsync();

        var warnings = Warnings(await h.EventsAsync());
        Assert.Collection(warnings,
            e => Assert.Contains("Kubernetes answered 429", e.Message, StringComparison.Ordinal),
            e => Assert.Contains("Kubernetes answered 503", e.Message, StringComparison.Ordinal));
        Assert.All(warnings, e => Assert.Equal(("SyncFailed", "db"), (e.Reason, e.InvolvedObject.Name)));
        Assert.All(warnings, e => Assert.Contains("writing the Secret", e.Message, StringComparison.Ordinal));
        h.Kube.Faults.Clear();
        var secret = await h.GetSecretAsync();
        Assert.Equal("one", Text(secret, "pw"));
        Assert.False(secret.Metadata.Annotations.ContainsKey(SyncAnnotations.Error));
        Assert.Equal(3, h.Logs.GetSnapshot().Count(r => r.Id.Id == 4008)); // each refused annotation is logged

        // A success ends the failure: the same refusal later is a new failure, reported again.
        Assert.Equal(SyncOutcome.Changed, (await h.SyncAsync()).Outcome);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "three" });
        h.Time.Advance(TimeSpan.FromHours(1));
        h.Kube.Faults.SetErrorRate("patch", "secrets", 1.0, 429);
        await h.SyncAsync();
        h.Kube.Faults.Clear();
        Assert.Equal(3, Warnings(await h.EventsAsync()).Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenTheSecretIsImmutable_SaysSoWithoutRetryingOrWritingAgain_AndKeepsData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "new" });
        await h.Client.CoreV1.CreateNamespacedSecretAsync(new k8s.Models.V1Secret
        {
            Metadata = new k8s.Models.V1ObjectMeta
            {
                Name = "db",
                NamespaceProperty = Ns,
                Labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = "true" },
                Annotations = new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db" },
            },
            Data = new Dictionary<string, byte[]> { ["pw"] = "old"u8.ToArray() },
            Immutable = true,
        }, Ns, cancellationToken: ct);

        var result = await h.SyncAsync();
        await h.ObserveAsync(); // the error annotation's write, as the informer brings it
        var patches = h.Kube.Requests.Count("patch", "secrets");
        var again = await h.SyncAsync(); // the next periodic sync, Vault unchanged

        Assert.Equal(SyncFailureReason.InvalidSpec, result.Reason);
        Assert.False(result.Retryable);
        var secret = await h.GetSecretAsync();
        Assert.Equal("old", Text(secret, "pw"));
        Assert.Contains("immutable", secret.Metadata.Annotations[SyncAnnotations.Error], StringComparison.Ordinal);
        Assert.Equal((SyncFailureReason.InvalidSpec, result.Message), (again.Reason, again.Message));
        Assert.Equal(patches, h.Kube.Requests.Count("patch", "secrets")); // remembered: not sent again until Vault or the spec changes
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenKubernetesCannotServeTheSecret_FailsTransientlyWithoutThrowing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        // A Secret Syncer wrote before this process started (it carries a data-hash): its sync begins with a GET.
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.DataHash] = "hmac-sha256-v2:00" });
        await h.ObserveAsync();
        h.Kube.Faults.SetErrorRate("get", "secrets", 1.0, 503);

        var result = await h.SyncObservedAsync();

        Assert.Equal(SyncFailureReason.KubernetesError, result.Reason);
        Assert.True(result.Retryable);
        Assert.Contains("503", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Vault.Requests.Total);
    }

    /// <summary>shop/db filled with pw "one", then "two" written to Vault and the read cache's window passed.</summary>
    private static async Task<SyncHarness> FilledThenChangedInVaultAsync(CancellationToken ct)
    {
        var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "one" });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db" });
        await h.SyncAsync();
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "two" });
        h.Time.Advance(TimeSpan.FromHours(1));
        return h;
    }

    private static string ReaderToken(VaultDouble vault)
    {
        vault.PutPolicy("syncer", new PolicyRule("secret/data/shop/db", "read"), new PolicyRule("secret/data/shop/other", "read"),
            new PolicyRule("secret/data/billing/*", "read"), new PolicyRule("nomount/*", "read"));
        return vault.CreateToken(new TokenSpec(["syncer"], TimeSpan.FromHours(24), TimeSpan.FromHours(48)));
    }

    private static async Task BreakAsync(SyncHarness h, string scenario)
    {
        switch (scenario)
        {
            case "vault sealed":
                h.Vault.Sealed = true;
                break;
            case "vault unreachable":
                await h.StopVaultAsync();
                break;
            case "latest version deleted":
                h.Vault.DeleteVersions("secret", "shop/db", 1);
                break;
            case "latest version destroyed":
                h.Vault.DestroyVersions("secret", "shop/db", 1);
                break;
            case "path never written":
                await h.AnnotateAsync("db", SyncAnnotations.Path, "secret/shop/other");
                break;
            case "pinned version missing":
                await h.AnnotateAsync("db", SyncAnnotations.Version, "9");
                break;
            case "mapped property missing":
                await h.AnnotateAsync("db", SyncAnnotations.Keys, "pw=nothere");
                break;
            case "unknown mount":
                await h.AnnotateAsync("db", SyncAnnotations.Path, "nomount/shop/db");
                break;
            case "bad annotation":
                await h.AnnotateAsync("db", SyncAnnotations.Refresh, "5x");
                break;
            case "policy denial":
                await h.AnnotateAsync("db", SyncAnnotations.Path, "secret/billing/db");
                break;
            case "vault policy denial":
                await h.AnnotateAsync("db", SyncAnnotations.Path, "secret/shop/locked");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }
    }
}
