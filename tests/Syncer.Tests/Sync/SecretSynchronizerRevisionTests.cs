using Syncer.Restart;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;
using static Syncer.Tests.Sync.Support.SyncHarness;

namespace Syncer.Tests.Sync;

/// <summary>The revision and the pending rollout written by a real sync, in the same patch as the data.</summary>
public sealed class SecretSynchronizerRevisionTests
{
    private static async Task<SyncHarness> FilledAsync(CancellationToken ct, Dictionary<string, string>? annotations = null)
    {
        var h = await StartAsync(ct);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "one" });
        await h.CreateSecretAsync("db", annotations ?? new() { [SyncAnnotations.Path] = "secret/shop/db" });
        await h.SyncAsync();
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["pw"] = "two" });
        h.Time.Advance(TimeSpan.FromHours(1));
        return h;
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_AChange_WritesTheNextRevisionAndMarksItPending_InTheSamePatchAsTheData()
    {
        await using var h = await FilledAsync(TestContext.Current.CancellationToken);
        var first = await h.GetSecretAsync();
        var writes = h.SecretWrites;

        var result = await h.SyncAsync();

        var secret = await h.GetSecretAsync();
        Assert.Equal("1", first.Metadata.Annotations[SyncAnnotations.DataRevision]);
        Assert.False(first.Metadata.Annotations.ContainsKey(SyncAnnotations.RolloutPending));
        Assert.Equal(writes + 1, h.SecretWrites);
        Assert.Equal("two", Text(secret, "pw"));
        Assert.Equal("2", secret.Metadata.Annotations[SyncAnnotations.DataRevision]);
        Assert.Equal("2", secret.Metadata.Annotations[SyncAnnotations.RolloutPending]);
        Assert.Equal((2L, 2L), (result.Revision, result.RolloutPending));
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenTheCompleteWorkloadIndexHasNoConsumer_MovesTheRevisionWithoutAMark()
    {
        await using var h = await FilledAsync(TestContext.Current.CancellationToken);
        h.Workloads.MarkComplete();

        var result = await h.SyncAsync();

        Assert.Equal(2, result.Revision);
        Assert.Null(result.RolloutPending);
        Assert.False((await h.GetSecretAsync()).Metadata.Annotations.ContainsKey(SyncAnnotations.RolloutPending));
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WithRestartNone_MovesTheRevisionWithoutAMark()
    {
        await using var h = await FilledAsync(TestContext.Current.CancellationToken,
            new() { [SyncAnnotations.Path] = "secret/shop/db", [SyncAnnotations.Restart] = "none" });

        var result = await h.SyncAsync();

        Assert.Equal(2, result.Revision);
        Assert.Null(result.RolloutPending);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sync_WhenTheIndexKnowsAConsumer_MarksTheRollout()
    {
        await using var h = await FilledAsync(TestContext.Current.CancellationToken);
        h.Workloads.MarkComplete();
        h.Workloads.Upsert(Syncer.Tests.Restart.Support.Records.Workload("web", secrets: ["db"]), DateTimeOffset.UnixEpoch);

        var result = await h.SyncAsync();

        Assert.Equal(2, result.RolloutPending);
    }
}
