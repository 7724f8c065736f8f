namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultKvV2MetadataTests
{
    private static readonly Dictionary<string, object?> Data = new() { ["k"] = "v" };

    [Fact(Timeout = 10_000)]
    public async Task Metadata_Read_HasStringVersionKeysAndGoDurations()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", Data);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Vault.WriteSecret("secret", "a", Data);
        h.Vault.SetKeyMetadata("secret", "a", deleteVersionAfter: new TimeSpan(3, 25, 19),
            customMetadata: new Dictionary<string, string> { ["owner"] = "jdoe" });

        var reply = await h.GetAsync("secret/metadata/a");

        Assert.Equal(200, reply.Status);
        Assert.Equal(
            """{"cas_required":false,"created_time":"2026-03-01T12:00:00Z","current_version":2,"custom_metadata":{"owner":"jdoe"},"delete_version_after":"3h25m19s","max_versions":0,"oldest_version":0,"updated_time":"2026-03-01T12:00:01Z","versions":{"1":{"created_time":"2026-03-01T12:00:00Z","deletion_time":"","destroyed":false},"2":{"created_time":"2026-03-01T12:00:01Z","deletion_time":"","destroyed":false}}}""",
            reply.Json["data"]!.ToJsonString());
    }

    [Fact(Timeout = 10_000)]
    public async Task Metadata_UnknownPath_Answers404EmptyErrors()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.GetAsync("secret/metadata/nope");

        Assert.Equal(404, reply.Status);
        Assert.Equal("{\"errors\":[]}\n", reply.Body);
    }

    [Fact(Timeout = 10_000)]
    public async Task Metadata_Write_SetsCustomMetadataShownOnDataReads()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", Data);

        var write = await h.PostAsync("secret/metadata/a", """{"custom_metadata":{"team":"shop"},"max_versions":5}""");
        var read = await h.GetAsync("secret/data/a");

        Assert.Equal(204, write.Status);
        Assert.Equal("""{"team":"shop"}""", read.Json["data"]!["metadata"]!["custom_metadata"]!.ToJsonString());
    }

    [Fact(Timeout = 10_000)]
    public async Task List_FoldersEndInSlash_AndANameCanBeBothLeafAndFolder()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "app/foo", Data);
        h.Vault.WriteSecret("secret", "app/foo/bar", Data);
        h.Vault.WriteSecret("secret", "app/baz/qux", Data);
        h.Vault.WriteSecret("secret", "other", Data);

        var app = await h.SendAsync("LIST", "secret/metadata/app/");
        var root = await h.GetAsync("secret/metadata?list=true");

        Assert.Equal("""{"keys":["baz/","foo","foo/"]}""", app.Json["data"]!.ToJsonString());
        Assert.Equal("""{"keys":["app/","other"]}""", root.Json["data"]!.ToJsonString());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("secret/metadata/empty")]
    [InlineData("secret/metadata/app/leaf")]
    public async Task List_EmptyFolderOrLeaf_Answers404EmptyErrors(string path)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "app/leaf", Data);

        var reply = await h.SendAsync("LIST", path);

        Assert.Equal(404, reply.Status);
        Assert.Equal("{\"errors\":[]}\n", reply.Body);
    }

    [Fact(Timeout = 10_000)]
    public async Task V1StylePathOnV2Mount_Answers404EnvelopeWithTheWarning()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "foo", Data);

        var reply = await h.GetAsync("secret/foo");

        Assert.Equal(404, reply.Status);
        Assert.Null(reply.Json["data"]);
        Assert.Equal(
            ["Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation."],
            reply.Json["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Equal("kv", reply.Json["mount_type"]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Config_Read_ReturnsEngineSettings()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var before = await h.GetAsync("secret/config");
        h.Vault.ConfigureKv("secret", casRequired: true, maxVersions: 4, deleteVersionAfter: TimeSpan.FromMinutes(90));
        var after = await h.GetAsync("secret/config");

        Assert.Equal("""{"cas_required":false,"delete_version_after":"0s","max_versions":0}""", before.Json["data"]!.ToJsonString());
        Assert.Equal("""{"cas_required":true,"delete_version_after":"1h30m0s","max_versions":4}""", after.Json["data"]!.ToJsonString());
    }
}
