namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultKvV1Tests
{
    [Fact(Timeout = 10_000)]
    public async Task Read_ReturnsFlatDataWithLeaseDurationFromTtl()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("kv", "app/db", new Dictionary<string, object?> { ["foo"] = "bar", ["ttl"] = "1h" });

        var reply = await h.GetAsync("kv/app/db");

        Assert.Equal(200, reply.Status);
        Assert.Equal("""{"foo":"bar","ttl":"1h"}""", reply.Json["data"]!.ToJsonString());
        Assert.Equal(3600, reply.Json["lease_duration"]!.GetValue<int>());
        Assert.Equal("", reply.Json["lease_id"]!.GetValue<string>());
        Assert.False(reply.Json["renewable"]!.GetValue<bool>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Read_WithoutTtl_ReportsTheDevDefaultLease()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("kv", "a", new Dictionary<string, object?> { ["foo"] = "bar" });

        var reply = await h.GetAsync("kv/a");

        Assert.Equal(2764800, reply.Json["lease_duration"]!.GetValue<int>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Write_Answers204_AndReadsBack()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var write = await h.PostAsync("kv/a", """{"k":"v"}""");
        var read = await h.GetAsync("kv/a");

        Assert.Equal(204, write.Status);
        Assert.Equal("", write.Body);
        Assert.Equal("""{"k":"v"}""", read.Json["data"]!.ToJsonString());
    }

    [Fact(Timeout = 10_000)]
    public async Task Read_Missing_Answers404EmptyErrors()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.GetAsync("kv/missing");

        Assert.Equal(404, reply.Status);
        Assert.Equal("{\"errors\":[]}\n", reply.Body);
    }

    [Fact(Timeout = 10_000)]
    public async Task List_BothForms_ReturnKeysWithFolders()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("kv", "app/a", new Dictionary<string, object?> { ["k"] = "v" });
        h.Vault.WriteSecret("kv", "app/sub/b", new Dictionary<string, object?> { ["k"] = "v" });

        var list = await h.SendAsync("LIST", "kv/app");
        var get = await h.GetAsync("kv/app/?list=true");

        Assert.Equal("""{"keys":["a","sub/"]}""", list.Json["data"]!.ToJsonString());
        Assert.Equal("""{"keys":["a","sub/"]}""", get.Json["data"]!.ToJsonString());
    }

    [Fact(Timeout = 10_000)]
    public async Task EnableKv_NewV2Mount_ServesDataPaths()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.EnableKv("team/kv", 2);

        var write = await h.PostAsync("team/kv/data/x", """{"data":{"k":"v"}}""");
        var read = await h.GetAsync("team/kv/data/x");

        Assert.Equal(200, write.Status);
        Assert.Equal(200, read.Status);
    }
}
