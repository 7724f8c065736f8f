using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;
using static Syncer.Tests.Sync.Support.SyncHarness;

namespace Syncer.Tests.Sync;

/// <summary>
/// A Secret Syncer never wrote is filled without a GET, by a JSON Patch that tests its premise (no data, the
/// resourceVersion seen); when the premise is false the API server refuses it and the sync reads the Secret as before.
/// </summary>
public sealed class SecretSynchronizerFirstFillTests
{
    private static Dictionary<string, string> PathOnly() => new() { [SyncAnnotations.Path] = "secret/shop/db" };

    [Fact(Timeout = 30_000)]
    public async Task FirstFill_OfASecretWithNoData_WritesOnceWithoutReadingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "s3cret" });
        await h.CreateSecretAsync("db", PathOnly());
        await h.ObserveAsync();
        h.Kube.Log.Clear();

        var result = await h.SyncObservedAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var toTheSecret = h.Kube.Log.Entries.Where(e => e.Path == $"/api/v1/namespaces/{Ns}/secrets/db").Select(e => e.Method).ToList();
        Assert.Equal(["PATCH"], toTheSecret);
        Assert.Equal("s3cret", Text(await h.GetSecretAsync(), "pw"));
    }

    [Fact(Timeout = 30_000)]
    public async Task FirstFill_OfASecretThatHoldsData_IsRefusedThenReadAndAdoptedAsBefore()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "from-vault" });
        await h.CreateSecretAsync("db", PathOnly(), new Dictionary<string, string> { ["pw"] = "by-hand", ["mine"] = "keep-me" });
        await h.ObserveAsync();
        var gets = h.Kube.Requests.Count("get", "secrets");

        var result = await h.SyncObservedAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var secret = await h.GetSecretAsync();
        Assert.Equal(("from-vault", "keep-me"), (Text(secret, "pw"), Text(secret, "mine")));
        Assert.Equal("pw", secret.Metadata.Annotations[SyncAnnotations.ManagedKeys]);
        Assert.True(h.Kube.Requests.Count("get", "secrets") > gets, "the refused fill is followed by a read of the Secret");
        var synced = Assert.Single(await h.EventsAsync(), e => e.Reason == "Synced");
        Assert.Contains("took over 1 existing key(s), now from Vault: pw", synced.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Metrics.SyncFailuresTotal.WithLabels("kubernetes_error").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task FirstFill_OfASecretThatMovedSinceItWasSeen_IsRefusedThenWrittenFromTheFreshObject()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "from-vault" });
        await h.CreateSecretAsync("db", PathOnly());
        await h.ObserveAsync();
        await h.SetDataByHandAsync("db", "pw", "typed-in-meanwhile"); // after the informer's view: the fill's premise is stale

        var result = await h.SyncObservedAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var secret = await h.GetSecretAsync();
        Assert.Equal("from-vault", Text(secret, "pw"));
        Assert.Contains("took over 1 existing key(s)", Assert.Single(await h.EventsAsync(), e => e.Reason == "Synced").Message, StringComparison.Ordinal);
    }
}
