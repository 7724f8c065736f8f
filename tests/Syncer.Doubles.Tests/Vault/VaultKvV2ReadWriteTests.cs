namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultKvV2ReadWriteTests
{
    [Fact(Timeout = 10_000)]
    public async Task Read_CurrentVersion_ReturnsDataAndMetadataWithEmptyDeletionTime()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["user"] = "u1" });
        h.Time.Advance(TimeSpan.FromMilliseconds(123.4567));
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["user"] = "u2", ["port"] = 5432 });

        var reply = await h.GetAsync("secret/data/shop/db");

        Assert.Equal(200, reply.Status);
        Assert.Equal("""{"user":"u2","port":5432}""", reply.Json["data"]!["data"]!.ToJsonString());
        Assert.Equal(
            """{"created_time":"2026-03-01T12:00:00.1234567Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":2}""",
            reply.Json["data"]!["metadata"]!.ToJsonString());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("?version=1", "u1")]
    [InlineData("?version=0", "u2")]
    [InlineData("?version=-3", "u2")]
    [InlineData("", "u2")]
    public async Task Read_VersionParameter_AbsentOrNotPositiveMeansCurrent(string query, string expectedUser)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["user"] = "u1" });
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["user"] = "u2" });

        var reply = await h.GetAsync("secret/data/a" + query);

        Assert.Equal(200, reply.Status);
        Assert.Equal(expectedUser, reply.Json["data"]!["data"]!["user"]!.GetValue<string>());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("secret/data/never")]
    [InlineData("secret/data/a?version=7")]
    public async Task Read_NeverWrittenOrUnknownVersion_Answers404EmptyErrors(string path)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "v" });

        var reply = await h.GetAsync(path);

        Assert.Equal(404, reply.Status);
        Assert.Equal("{\"errors\":[]}\n", reply.Body);
    }

    [Fact(Timeout = 10_000)]
    public async Task Write_ReturnsVersionMetadata()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.PostAsync("secret/data/a", """{"data":{"k":"v"}}""");

        Assert.Equal(200, reply.Status);
        Assert.Equal(
            """{"created_time":"2026-03-01T12:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1}""",
            reply.Json["data"]!.ToJsonString());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("""{"options":{"cas":0},"data":{"k":"v"}}""", "check-and-set parameter did not match the current version")]
    [InlineData("""{"options":{"cas":2},"data":{"k":"v"}}""", "check-and-set parameter did not match the current version")]
    [InlineData("""{"options":{"cas":"x"},"data":{"k":"v"}}""", "error parsing check-and-set parameter")]
    [InlineData("""{"options":{"cas":1}}""", "no data provided")]
    [InlineData("""{}""", "no data provided")]
    public async Task Write_BadCasOrNoData_Answers400WithVaultsMessage(string body, string expected)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "v" });

        var reply = await h.PostAsync("secret/data/a", body);

        Assert.Equal(400, reply.Status);
        Assert.Equal([expected], reply.Errors);
        Assert.Equal(1, (await h.GetAsync("secret/data/a")).Json["data"]!["metadata"]!["version"]!.GetValue<int>());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("""{"options":{"cas":1},"data":{"k":"v2"}}""")]
    [InlineData("""{"options":{"cas":"1"},"data":{"k":"v2"}}""")]
    public async Task Write_MatchingCas_WritesTheNextVersion(string body)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "v" });

        var reply = await h.PostAsync("secret/data/a", body);

        Assert.Equal(200, reply.Status);
        Assert.Equal(2, reply.Json["data"]!["version"]!.GetValue<int>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Write_CasZero_CreatesOnlyWhenTheKeyIsNew()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var first = await h.PostAsync("secret/data/new", """{"options":{"cas":0},"data":{"k":"v"}}""");
        var second = await h.PostAsync("secret/data/new", """{"options":{"cas":0},"data":{"k":"v"}}""");

        Assert.Equal(200, first.Status);
        Assert.Equal(400, second.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task Write_WithoutCas_WhenEngineRequiresIt_Answers400()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.ConfigureKv("secret", casRequired: true);

        var reply = await h.PostAsync("secret/data/a", """{"data":{"k":"v"}}""");

        Assert.Equal(400, reply.Status);
        Assert.Equal(["check-and-set parameter required for this call"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task Write_WithoutCas_WhenKeyRequiresIt_Answers400()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "v" });
        h.Vault.SetKeyMetadata("secret", "a", casRequired: true);

        var reply = await h.PostAsync("secret/data/a", """{"data":{"k":"v"}}""");
        var other = await h.PostAsync("secret/data/b", """{"data":{"k":"v"}}""");

        Assert.Equal(["check-and-set parameter required for this call"], reply.Errors);
        Assert.Equal(200, other.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task Write_BeyondMaxVersions_PrunesTheOldest()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.ConfigureKv("secret", maxVersions: 2);
        for (var i = 0; i < 3; i++)
        {
            h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["i"] = i });
        }

        var pruned = await h.GetAsync("secret/data/a?version=1");
        var metadata = await h.GetAsync("secret/metadata/a");

        Assert.Equal(404, pruned.Status);
        Assert.Equal("{\"errors\":[]}\n", pruned.Body);
        Assert.Equal(2, metadata.Json["data"]!["oldest_version"]!.GetValue<int>());
    }
}
