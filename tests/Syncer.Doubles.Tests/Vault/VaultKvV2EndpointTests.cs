namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultKvV2EndpointTests
{
    private static readonly Dictionary<string, object?> Data = new() { ["k"] = "v" };

    [Fact(Timeout = 10_000)]
    public async Task MetadataDelete_RemovesEveryVersion()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", Data);

        var delete = await h.SendAsync("DELETE", "secret/metadata/a");
        var read = await h.GetAsync("secret/data/a");
        var metadata = await h.GetAsync("secret/metadata/a");

        Assert.Equal(204, delete.Status);
        Assert.Equal("{\"errors\":[]}\n", read.Body);
        Assert.Equal(404, metadata.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task RootOfDataPath_Answers404EnvelopeWithTheRootWarning()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.GetAsync("secret/data/");

        Assert.Equal(404, reply.Status);
        Assert.Null(reply.Json["data"]);
        Assert.Equal("Non-listing operations on the root of a K/V v2 mount are not supported.", reply.Json["warnings"]![0]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task ListOnDataPath_Answers405UnsupportedOperation()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a/b", Data);

        var reply = await h.SendAsync("LIST", "secret/data/a");

        Assert.Equal(405, reply.Status);
        Assert.Equal(["1 error occurred:\n\t* unsupported operation\n\n"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task Write_DataNotAnObject_Answers400()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.PostAsync("secret/data/a", """{"data":"text"}""");

        Assert.Equal(400, reply.Status);
        Assert.Null(h.Vault.ReadSecretJson("secret", "a"));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("application/json", 415)]
    [InlineData("application/merge-patch+json", 405)]
    public async Task Patch_IsRefused_415WithoutMergePatchContentType_ElseNotImplemented(string contentType, int expected)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", Data);

        var reply = await h.SendAsync("PATCH", "secret/data/a", configure: r =>
            r.Content = new StringContent("""{"data":{"k":"w"}}""", System.Text.Encoding.UTF8, contentType));

        Assert.Equal(expected, reply.Status);
        Assert.Equal("""{"k":"v"}""", h.Vault.ReadSecretJson("secret", "a"));
    }

    [Fact(Timeout = 10_000)]
    public async Task EveryResponse_CarriesCacheControlNoStore()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var ok = await h.GetAsync("secret/config");
        var missing = await h.GetAsync("secret/data/none");

        Assert.True(ok.Headers.CacheControl?.NoStore);
        Assert.True(missing.Headers.CacheControl?.NoStore);
    }
}
