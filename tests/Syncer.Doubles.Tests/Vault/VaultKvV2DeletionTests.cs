namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultKvV2DeletionTests
{
    private static readonly Dictionary<string, object?> Data = new() { ["k"] = "v" };

    [Fact(Timeout = 10_000)]
    public async Task DeleteLatest_Answers204_ThenReadIs404EnvelopeWithNullDataAndFilledMetadata()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", Data);
        h.Time.Advance(TimeSpan.FromSeconds(5));

        var delete = await h.SendAsync("DELETE", "secret/data/a");
        var read = await h.GetAsync("secret/data/a");

        Assert.Equal(204, delete.Status);
        Assert.Equal(404, read.Status);
        Assert.Equal("application/json", read.ContentType?.MediaType);
        Assert.Equal("kv", read.Json["mount_type"]!.GetValue<string>());
        Assert.Null(read.Json["data"]!["data"]);
        Assert.Equal(
            """{"created_time":"2026-03-01T12:00:00Z","custom_metadata":null,"deletion_time":"2026-03-01T12:00:05Z","destroyed":false,"version":1}""",
            read.Json["data"]!["metadata"]!.ToJsonString());
    }

    [Fact(Timeout = 10_000)]
    public async Task Destroy_ThenRead_Is404EnvelopeWithDestroyedTrue()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", Data);
        h.Vault.WriteSecret("secret", "a", Data);

        var destroy = await h.PostAsync("secret/destroy/a", """{"versions":[2]}""");
        var read = await h.GetAsync("secret/data/a");
        var older = await h.GetAsync("secret/data/a?version=1");

        Assert.Equal(204, destroy.Status);
        Assert.Equal(404, read.Status);
        Assert.Null(read.Json["data"]!["data"]);
        Assert.True(read.Json["data"]!["metadata"]!["destroyed"]!.GetValue<bool>());
        Assert.Equal("", read.Json["data"]!["metadata"]!["deletion_time"]!.GetValue<string>());
        Assert.Equal(200, older.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task FutureDeletionTime_Reads200UntilItPasses_Then404Envelope()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", Data);
        h.Vault.SetDeletionTime("secret", "a", 1, VaultHarness.Start.AddMinutes(10));

        var before = await h.GetAsync("secret/data/a");
        h.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        var justBefore = await h.GetAsync("secret/data/a");
        h.Time.Advance(TimeSpan.FromTicks(1));
        var after = await h.GetAsync("secret/data/a");

        Assert.Equal(200, before.Status);
        Assert.Equal("v", before.Json["data"]!["data"]!["k"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:10:00Z", before.Json["data"]!["metadata"]!["deletion_time"]!.GetValue<string>());
        Assert.Equal(200, justBefore.Status);
        Assert.Equal(404, after.Status);
        Assert.Null(after.Json["data"]!["data"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task DeleteVersionAfter_OnTheEngine_SetsAFutureDeletionTimeOnWrite()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        var config = await h.PostAsync("secret/config", """{"delete_version_after":"1h"}""");

        var write = await h.PostAsync("secret/data/a", """{"data":{"k":"v"}}""");
        var readNow = await h.GetAsync("secret/data/a");
        h.Time.Advance(TimeSpan.FromHours(2));
        var readLater = await h.GetAsync("secret/data/a");

        Assert.Equal(204, config.Status);
        Assert.Equal("2026-03-01T13:00:00Z", write.Json["data"]!["deletion_time"]!.GetValue<string>());
        Assert.Equal(200, readNow.Status);
        Assert.Equal(404, readLater.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task DeleteThenUndelete_MakesTheVersionReadableAgain()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", Data);

        var delete = await h.PostAsync("secret/delete/a", """{"versions":[1]}""");
        var deleted = await h.GetAsync("secret/data/a");
        var undelete = await h.PostAsync("secret/undelete/a", """{"versions":[1]}""");
        var restored = await h.GetAsync("secret/data/a");

        Assert.Equal(204, delete.Status);
        Assert.Equal(404, deleted.Status);
        Assert.Equal(204, undelete.Status);
        Assert.Equal(200, restored.Status);
        Assert.Equal("", restored.Json["data"]!["metadata"]!["deletion_time"]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task VersionsEndpoints_WithoutVersions_Answer400()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", Data);

        var reply = await h.PostAsync("secret/delete/a", """{"versions":[]}""");

        Assert.Equal(400, reply.Status);
        Assert.Equal(["no version number provided"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task SeedingHooks_DeleteAndDestroy_ShowOnTheWire()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", Data);
        h.Vault.WriteSecret("secret", "a", Data);
        h.Vault.DeleteVersions("secret", "a", 2);
        h.Vault.DestroyVersions("secret", "a", 1);

        var v2 = await h.GetAsync("secret/data/a?version=2");
        var v1 = await h.GetAsync("secret/data/a?version=1");

        Assert.Equal(404, v2.Status);
        Assert.False(v2.Json["data"]!["metadata"]!["destroyed"]!.GetValue<bool>());
        Assert.Equal(404, v1.Status);
        Assert.True(v1.Json["data"]!["metadata"]!["destroyed"]!.GetValue<bool>());
        Assert.Equal(2, h.Vault.Requests.Total);
    }
}
