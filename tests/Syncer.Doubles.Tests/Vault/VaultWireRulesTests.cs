using System.Text.Json.Nodes;

namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultWireRulesTests
{
    [Fact(Timeout = 10_000)]
    public async Task Read_Success_HasTheFullEnvelopeInGoFieldOrder()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p" });

        var reply = await h.GetAsync("secret/data/shop/db");

        Assert.Equal(200, reply.Status);
        Assert.Equal("application/json", reply.ContentType?.MediaType);
        var keys = reply.Json.AsObject().Select(kv => kv.Key).ToArray();
        Assert.Equal(["request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"], keys);
        Assert.True(Guid.TryParse(reply.Json["request_id"]!.GetValue<string>(), out _));
        Assert.Equal("", reply.Json["lease_id"]!.GetValue<string>());
        Assert.False(reply.Json["renewable"]!.GetValue<bool>());
        Assert.Equal(0, reply.Json["lease_duration"]!.GetValue<int>());
        Assert.Null(reply.Json["wrap_info"]);
        Assert.Null(reply.Json["warnings"]);
        Assert.Null(reply.Json["auth"]);
        Assert.Equal("kv", reply.Json["mount_type"]!.GetValue<string>());
    }

    [Fact(Timeout = 10_000)]
    public async Task Put_IsTheSameAsPost()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.SendAsync("PUT", "secret/data/a", """{"data":{"k":"v"}}""");

        Assert.Equal(200, reply.Status);
        Assert.Equal(1, reply.Json["data"]!["version"]!.GetValue<int>());
        Assert.Equal("""{"k":"v"}""", h.Vault.ReadSecretJson("secret", "a"));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    [InlineData("FOO")]
    public async Task UnknownMethod_Answers405WithEmptyErrors(string method)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.SendAsync(method, "secret/data/a");

        Assert.Equal(405, reply.Status);
        Assert.Equal("{\"errors\":[]}\n", reply.Body);
    }

    [Fact(Timeout = 10_000)]
    public async Task List_NonBoolValue_Answers400()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a/b", new Dictionary<string, object?> { ["k"] = "v" });

        var reply = await h.GetAsync("secret/metadata/a?list=yes");

        Assert.Equal(400, reply.Status);
        Assert.Empty(reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task ListMethod_AndGetListTrue_GiveTheSameKeys()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a/b", new Dictionary<string, object?> { ["k"] = "v" });

        var viaList = await h.SendAsync("LIST", "secret/metadata/a");
        var viaGet = await h.GetAsync("secret/metadata/a?list=true");

        Assert.Equal(200, viaList.Status);
        Assert.Equal(200, viaGet.Status);
        Assert.Equal("""["b"]""", viaList.Json["data"]!["keys"]!.ToJsonString());
        Assert.Equal("""["b"]""", viaGet.Json["data"]!["keys"]!.ToJsonString());
    }

    [Theory(Timeout = 10_000)]
    [InlineData("GET", "auth/token/nope", 404, "unsupported path")]
    [InlineData("DELETE", "auth/token/lookup-self", 405, "unsupported operation")]
    [InlineData("GET", "auth/kubernetes/login", 405, "unsupported operation")]
    [InlineData("POST", "sys/internal/ui/mounts/secret", 405, "unsupported operation")]
    [InlineData("GET", "sys/nothing", 404, "unsupported path")]
    public async Task BackendWithoutThatPathOrOperation_AnswersGoMultiErrorText(string method, string path, int status, string error)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.SendAsync(method, path, method == "POST" ? "{}" : null);

        Assert.Equal(status, reply.Status);
        Assert.Equal([$"1 error occurred:\n\t* {error}\n\n"], reply.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task UnmountedPath_Answers404NoHandlerWithGoQuotedRoute()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.GetAsync("foo/bar");

        Assert.Equal(404, reply.Status);
        Assert.Equal("application/json", reply.ContentType?.MediaType);
        Assert.Equal("{\"errors\":[\"no handler for route \\\"foo/bar\\\". route entry not found.\"]}\n", reply.Body);
    }

    [Fact(Timeout = 10_000)]
    public async Task InvalidJsonBody_Answers400()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);

        var reply = await h.PostAsync("secret/data/a", "{not json");

        Assert.Equal(400, reply.Status);
        Assert.StartsWith("failed to parse JSON input", reply.Errors.Single(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Requests_AreCountedByMethodAsReceivedAndPathWithoutQuery()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a/b", new Dictionary<string, object?> { ["k"] = "v" });

        await h.GetAsync("secret/data/a/b?version=1");
        await h.GetAsync("secret/data/a/b");
        await h.SendAsync("LIST", "secret/metadata/a");
        await h.GetAsync("secret/metadata/a?list=true");

        Assert.Equal(2, h.Vault.Requests.Count("GET", "secret/data/a/b"));
        Assert.Equal(1, h.Vault.Requests.Count("LIST", "secret/metadata/a"));
        Assert.Equal(1, h.Vault.Requests.Count("GET", "secret/metadata/a"));
        Assert.Equal(4, h.Vault.Requests.Total);
    }

    [Fact(Timeout = 10_000)]
    public async Task SandboxRequests_ServesTheCounts()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        await h.GetAsync("sys/health");

        var json = JsonNode.Parse(await h.Http.GetStringAsync("/_sandbox/requests", TestContext.Current.CancellationToken))!;

        Assert.Equal(1, json["total"]!.GetValue<long>());
        Assert.Equal(1, json["counts"]!["GET sys/health"]!.GetValue<long>());
    }

    [Fact(Timeout = 10_000)]
    public async Task NamespaceHeader_IsAcceptedAndRecorded()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "v" });

        var reply = await h.SendAsync("GET", "secret/data/a", configure: r => r.Headers.Add("X-Vault-Namespace", "ns1/"));

        Assert.Equal(200, reply.Status);
        Assert.Equal(["ns1/"], h.Vault.SeenNamespaces);
    }

    [Fact(Timeout = 10_000)]
    public async Task RequireRequestHeader_WithoutTheHeader_Answers412_WithItPasses()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.RequireRequestHeader = true;

        var without = await h.GetAsync("sys/health");
        var with = await h.SendAsync("GET", "sys/health", configure: r => r.Headers.Add("X-Vault-Request", "true"));

        Assert.Equal(412, without.Status);
        Assert.Equal(["missing \"X-Vault-Request\" header"], without.Errors);
        Assert.Equal(200, with.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task Bodies_EscapeHtmlCharactersAsGoDoes_AndLeaveOtherTextRaw()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["v"] = "<b>&'é" });

        var reply = await h.GetAsync("secret/data/a");

        Assert.Contains("\"v\":\"\\u003cb\\u003e\\u0026'é\"", reply.Body, StringComparison.Ordinal);
        Assert.Equal("<b>&'é", reply.Json["data"]!["data"]!["v"]!.GetValue<string>());
    }
}
