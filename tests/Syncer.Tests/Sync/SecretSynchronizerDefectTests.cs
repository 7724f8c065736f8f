using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;
using static Syncer.Tests.Sync.Support.SyncHarness;

namespace Syncer.Tests.Sync;

/// <summary>The defects found in review (issue 7), each with the behaviour that replaces it.</summary>
public sealed class SecretSynchronizerDefectTests
{
    [Fact(Timeout = 30_000)]
    public async Task Sync_AfterAConflict_PlansAgainFromTheFreshObjectsOwnSpec()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/old", new Dictionary<string, object?> { ["pw"] = "old-value" });
        h.Vault.WriteSecret("secret", "shop/new", new Dictionary<string, object?> { ["pw"] = "new-value" });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/old" });
        await h.SyncAsync();
        await h.ObserveAsync(); // the index is at Syncer's own write
        h.Vault.WriteSecret("secret", "shop/old", new Dictionary<string, object?> { ["pw"] = "old-rotated" });
        h.Time.Advance(TimeSpan.FromHours(1));
        // A user moves the Secret to another path; the index has not seen it yet, so the sync plans from the old spec.
        await h.AnnotateAsync("db", SyncAnnotations.Path, "secret/shop/new");

        var result = await h.SyncObservedAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var secret = await h.GetSecretAsync();
        Assert.Equal("new-value", Text(secret, "pw")); // never the old path's rotated value, not even for a moment
        Assert.Equal("secret/shop/new@1", secret.Metadata.Annotations[SyncAnnotations.SourceVersion]);
        Assert.Equal(2, h.Metrics.SecretWritesTotal.WithLabels("data").Value); // the first fill, then one write of the new path
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenTheKubernetesClientTimesOut_ReportsATransientFailureOnEveryFace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct, kubernetesTimeout: TimeSpan.FromMilliseconds(500));
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        // A Secret Syncer wrote before this process started (it carries a data-hash): its sync begins with a GET.
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.DataHash] = "hmac-sha256-v2:00" });
        await h.ObserveAsync();
        var gets = h.Kube.Requests.Count("get", "secrets");
        h.Kube.Faults.Latency = TimeSpan.FromSeconds(5); // the sync's first request (its GET) outlasts the client's timeout

        var syncing = h.SyncObservedAsync();
        await Eventually.HoldsAsync(() => h.Kube.Requests.Count("get", "secrets") > gets, "the GET reached the server", ct);
        h.Kube.Faults.Latency = TimeSpan.Zero; // later requests (the error annotation, the Event) are answered at once
        var result = await syncing;

        Assert.Equal((SyncOutcome.Failed, SyncFailureReason.KubernetesError), (result.Outcome, result.Reason));
        Assert.True(result.Retryable);
        Assert.Contains("did not answer in time reading the Secret", result.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer in time", (await h.GetSecretAsync()).Metadata.Annotations[SyncAnnotations.Error], StringComparison.Ordinal);
        Assert.Contains(await h.EventsAsync(), e => e.Type == "Warning" && e.Reason == "SyncFailed");
        Assert.Equal(1, h.Metrics.SyncFailuresTotal.WithLabels("kubernetes_error").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WithAVersionPinnedOnAKvV1Path_IsASpecErrorNotRetried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("kv", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        await h.CreateSecretAsync("db", new Dictionary<string, string> { [SyncAnnotations.Path] = "kv/shop/db", [SyncAnnotations.Version] = "3" });

        var result = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Failed, SyncFailureReason.InvalidSpec), (result.Outcome, result.Reason));
        Assert.False(result.Retryable);
        Assert.Contains(SyncAnnotations.Version, result.Message, StringComparison.Ordinal);
        Assert.Contains("KV v1", (await h.GetSecretAsync()).Metadata.Annotations[SyncAnnotations.Error], StringComparison.Ordinal);
        Assert.Equal(1, h.Metrics.SyncFailuresTotal.WithLabels("invalid_spec").Value);
    }
}
