namespace Syncer.Doubles.Tests.Vault;

public sealed class VaultFaultTests
{
    [Theory(Timeout = 10_000)]
    [InlineData(403, "permission denied")]
    [InlineData(412, "required index state not present")]
    [InlineData(429, "request path \"secret/data/a\": rate limit quota exceeded")]
    [InlineData(500, "internal error")]
    [InlineData(501, "Vault is not initialized")]
    [InlineData(502, "upstream rate limited")]
    [InlineData(503, "Vault is sealed")]
    public async Task FailNext_AnswersTheStatusWithVaultsErrorBody_ThenRecovers(int status, string error)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "v" });
        h.Vault.Faults.FailNext(2, status);

        var first = await h.GetAsync("secret/data/a");
        var second = await h.GetAsync("secret/data/a");
        var third = await h.GetAsync("secret/data/a");

        Assert.Equal(status, first.Status);
        Assert.Equal("application/json", first.ContentType?.MediaType);
        Assert.Equal([error], first.Errors);
        Assert.Equal(status, second.Status);
        Assert.Equal(200, third.Status);
        Assert.Equal(3, h.Vault.Requests.Count("GET", "secret/data/a"));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("2")]
    [InlineData("Sun, 01 Mar 2026 12:00:02 GMT")]
    public async Task FailNext_WithRetryAfter_SendsTheHeaderAsGiven(string retryAfter)
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.Faults.FailNext(1, 429, retryAfter);

        var reply = await h.GetAsync("secret/data/a");

        Assert.Equal(429, reply.Status);
        Assert.Equal(retryAfter, string.Join(",", reply.Headers.GetValues("Retry-After")));
    }

    [Fact(Timeout = 10_000)]
    public async Task FailNext_WithPathPrefix_HitsOnlyMatchingPaths()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.Faults.FailNext(1, 500, pathPrefix: "auth/");

        var other = await h.GetAsync("sys/health");
        var matching = await h.PostAsync("auth/kubernetes/login", """{"role":"r","jwt":"j"}""", token: "");
        var after = await h.PostAsync("auth/kubernetes/login", """{"role":"r","jwt":"j"}""", token: "");

        Assert.Equal(200, other.Status);
        Assert.Equal(500, matching.Status);
        Assert.Equal(400, after.Status);
    }

    [Fact(Timeout = 10_000)]
    public async Task FailNextWithBody_AnswersANonJsonBody()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.Faults.FailNextWithBody(1, 502, "<html>Bad Gateway</html>");

        var reply = await h.GetAsync("secret/data/a");

        Assert.Equal(502, reply.Status);
        Assert.Equal("text/html", reply.ContentType?.MediaType);
        Assert.Equal("<html>Bad Gateway</html>", reply.Body);
    }

    [Fact(Timeout = 10_000)]
    public async Task RedirectNext_Answers307ToTheSamePathAndQuery()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.Faults.RedirectNext(1, h.Vault.Address);

        var reply = await h.GetAsync("secret/data/a?version=2");

        Assert.Equal(307, reply.Status);
        Assert.Equal(new Uri(h.Vault.Address, "/v1/secret/data/a?version=2"), reply.Headers.Location);
    }

    [Fact(Timeout = 10_000)]
    public async Task Latency_IsWaitedOnTheTimeProvider()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.Faults.Latency = TimeSpan.FromSeconds(30);

        var pending = h.GetAsync("sys/health");
        while (h.Vault.Requests.Total == 0)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        // The double's timer may start just before or after this loop's first step, so step the fake clock until the
        // answer comes: it must take at least the latency in fake time (and never real seconds).
        while (!pending.IsCompleted)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        var reply = await pending;
        Assert.Equal(200, reply.Status);
        Assert.True(h.Time.GetUtcNow() - VaultHarness.Start >= TimeSpan.FromSeconds(30));
    }

    [Fact(Timeout = 10_000)]
    public async Task DelayNext_HoldsTheNextMatchingRequestsOnTheTimeProvider_ThenServesThemAsUsual()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "slow", new Dictionary<string, object?> { ["k"] = "v" });
        h.Vault.Faults.DelayNext(1, TimeSpan.FromMinutes(5), "secret/data/slow");

        var other = await h.GetAsync("sys/health");
        var held = h.GetAsync("secret/data/slow");
        while (h.Vault.Requests.Count("GET", "secret/data/slow") == 0)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        h.Time.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(50, TestContext.Current.CancellationToken); // a wrong early answer would have time to arrive
        var heldAfterFourMinutes = held.IsCompleted;
        while (!held.IsCompleted)
        {
            h.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        var next = await h.GetAsync("secret/data/slow"); // the count is used up: served at once

        Assert.Equal(200, other.Status);
        Assert.False(heldAfterFourMinutes);
        Assert.Equal(200, (await held).Status);
        Assert.Equal(200, next.Status);
        Assert.True(h.Time.GetUtcNow() - VaultHarness.Start >= TimeSpan.FromMinutes(5));
    }

    [Fact(Timeout = 10_000)]
    public async Task Clear_DropsQueuedFaults()
    {
        await using var h = await VaultHarness.StartAsync(TestContext.Current.CancellationToken);
        h.Vault.Faults.FailNext(5, 500);
        h.Vault.Faults.DelayNext(5, TimeSpan.FromHours(1));
        h.Vault.Faults.Clear();

        var reply = await h.GetAsync("sys/health");

        Assert.Equal(200, reply.Status);
    }
}
