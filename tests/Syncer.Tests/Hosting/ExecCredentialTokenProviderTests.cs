using k8s.Exceptions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Syncer.Hosting;

namespace Syncer.Tests.Hosting;

public sealed class ExecCredentialTokenProviderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly Queue<Func<Task<ExecCredentialStatus>>> _answers = new();
    private int _runs;

    [Fact(Timeout = 10_000)]
    public async Task Header_BeforeTheRefreshPoint_IsTheLastToken_WithoutRunningThePlugin()
    {
        var provider = Provider(Token("first", TimeSpan.FromMinutes(15)));
        _time.Advance(TimeSpan.FromMinutes(15) - ExecCredentialTokenProvider.EarlyRefresh - TimeSpan.FromSeconds(1));

        var header = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);

        Assert.Equal(("Bearer", "first"), (header.Scheme, header.Parameter));
        Assert.Equal(0, _runs);
    }

    [Fact(Timeout = 10_000)]
    public async Task Header_NearTheExpiry_IsTheLastTokenWhileOneRunRefreshesItInTheBackground()
    {
        var provider = Provider(Token("first", TimeSpan.FromMinutes(15)));
        var gate = new TaskCompletionSource();
        EnqueueAfter(gate.Task, "second", TimeSpan.FromMinutes(30)); // a slow plugin
        _time.Advance(TimeSpan.FromMinutes(15) - ExecCredentialTokenProvider.EarlyRefresh);

        var during = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken)));
        gate.SetResult();
        await WaitForAsync(async () => (await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken)).Parameter == "second");

        Assert.All(during, header => Assert.Equal("first", header.Parameter)); // none waited for the slow run
        Assert.Equal(1, _runs);
    }

    [Fact(Timeout = 10_000)]
    public async Task Header_AfterTheExpiry_WaitsForOneRunShared_ByAllConcurrentRequests()
    {
        var provider = Provider(Token("first", TimeSpan.FromMinutes(15)));
        var gate = new TaskCompletionSource();
        EnqueueAfter(gate.Task, "second", TimeSpan.FromMinutes(30)); // a slow plugin
        _time.Advance(TimeSpan.FromMinutes(16));

        var requests = Enumerable.Range(0, 20).Select(_ => provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken)).ToArray();
        Assert.DoesNotContain(requests, request => request.IsCompleted); // an expired token is not handed out
        gate.SetResult();
        var headers = await Task.WhenAll(requests);

        Assert.All(headers, header => Assert.Equal("second", header.Parameter));
        Assert.Equal(1, _runs);
    }

    [Fact(Timeout = 10_000)]
    public async Task Header_WhenARefreshFailsWhileTheTokenHolds_KeepsTheTokenAndPausesThePlugin()
    {
        var provider = Provider(Token("first", TimeSpan.FromMinutes(15)));
        _answers.Enqueue(() => Task.FromException<ExecCredentialStatus>(new KubeConfigException("The plugin exited with code 1.")));
        var secondRunAt = DateTimeOffset.MinValue;
        Enqueue(() =>
        {
            secondRunAt = _time.GetUtcNow();
            return Token("second", TimeSpan.FromMinutes(15));
        });
        _time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(20));
        var failedAt = _time.GetUtcNow();

        var during = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);
        var again = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);
        _time.Advance(ExecCredentialTokenProvider.Pause);
        await WaitForAsync(async () => (await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken)).Parameter == "second");

        Assert.Equal(["first", "first"], new[] { during.Parameter, again.Parameter });
        Assert.True(secondRunAt >= failedAt + ExecCredentialTokenProvider.Pause, $"the plugin ran again {secondRunAt - failedAt} after its failure");
        Assert.Equal(2, _runs);
    }

    [Fact(Timeout = 10_000)]
    public async Task Header_AfterTheExpiryWhileThePluginFails_FailsWithItsReason_AndRunsItOncePerPause()
    {
        var provider = Provider(Token("first", TimeSpan.FromMinutes(15)));
        _answers.Enqueue(() => Task.FromException<ExecCredentialStatus>(new KubeConfigException("The plugin exited with code 1.")));
        Enqueue(() => Token("second", TimeSpan.FromMinutes(15)));
        _time.Advance(TimeSpan.FromMinutes(16));

        var first = await Assert.ThrowsAsync<KubeConfigException>(() => provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken));
        var within = await Assert.ThrowsAsync<KubeConfigException>(() => provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken));
        _time.Advance(ExecCredentialTokenProvider.Pause);
        var after = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);

        Assert.Equal("The plugin exited with code 1.", first.Message);
        Assert.StartsWith("The plugin exited with code 1. The token has expired", within.Message, StringComparison.Ordinal);
        Assert.Equal("second", after.Parameter);
        Assert.Equal(2, _runs);
    }

    [Fact(Timeout = 10_000)]
    public async Task Header_AfterTheApiServerRefusedTheToken_WaitsForANewOne()
    {
        var provider = Provider(new ExecCredentialStatus { Token = "revoked" });
        Enqueue(() => Token("second", TimeSpan.FromMinutes(15)));
        _time.Advance(TimeSpan.FromMinutes(10));
        var refused = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);

        provider.Reject(refused);
        var next = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);

        Assert.Equal(("revoked", "second"), (refused.Parameter, next.Parameter));
        Assert.Equal(1, _runs);
    }

    [Fact(Timeout = 10_000)]
    public async Task Reject_OfATokenAlreadyReplaced_ChangesNothing()
    {
        var provider = Provider(Token("first", TimeSpan.FromMinutes(1)));
        Enqueue(() => Token("second", TimeSpan.FromMinutes(15)));
        var old = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("second", (await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken)).Parameter);

        _time.Advance(TimeSpan.FromMinutes(1));

        provider.Reject(old); // a late 401 of a request that carried the old token

        Assert.Equal("second", (await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken)).Parameter);
        Assert.Equal(1, _runs);
    }

    [Fact(Timeout = 10_000)]
    public async Task Reject_RightAfterARun_RunsThePluginAgainOnlyAfterAPause()
    {
        var provider = Provider(new ExecCredentialStatus { Token = "refused" });
        Enqueue(() => new ExecCredentialStatus { Token = "refused too" });
        var first = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);

        provider.Reject(first);
        var within = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);
        _time.Advance(ExecCredentialTokenProvider.Pause);
        var after = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["refused", "refused", "refused too"], new[] { first.Parameter, within.Parameter, after.Parameter });
        Assert.Equal(1, _runs);
    }

    [Fact(Timeout = 10_000)]
    public async Task Reject_WhileARefreshRuns_MakesRequestsWaitForIt_NotCarryTheRefusedToken()
    {
        var provider = Provider(Token("first", TimeSpan.FromMinutes(15)));
        var gate = new TaskCompletionSource();
        EnqueueAfter(gate.Task, "second", TimeSpan.FromMinutes(15)); // a slow plugin
        _time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(20)); // past the refresh point, still valid
        var refused = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken); // starts the run

        provider.Reject(refused);
        var next = provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);
        Assert.False(next.IsCompleted);
        gate.SetResult();

        Assert.Equal(("first", "second"), (refused.Parameter, (await next).Parameter));
        Assert.Equal(1, _runs);
    }

    [Theory(Timeout = 10_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Header_WhenTheLoggerThrows_StillAnswersFromTheRun(bool pluginSucceeds)
    {
        var provider = new ExecCredentialTokenProvider(
            _ => pluginSucceeds ? Task.FromResult(Token("second", TimeSpan.FromMinutes(15))) : Task.FromException<ExecCredentialStatus>(new KubeConfigException("exited with code 1.")),
            "plugin", Token("first", TimeSpan.FromMinutes(1)), _time, new ThrowingLogger());
        _time.Advance(TimeSpan.FromMinutes(2));

        var request = provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);

        if (pluginSucceeds)
        {
            Assert.Equal("second", (await request).Parameter);
        }
        else
        {
            await Assert.ThrowsAsync<KubeConfigException>(() => request); // not a wait for ever
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task Header_ForATokenWithoutExpiry_IsKeptForGood()
    {
        var provider = Provider(new ExecCredentialStatus { Token = "forever" });
        _time.Advance(TimeSpan.FromDays(400));

        var header = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);

        Assert.Equal("forever", header.Parameter);
        Assert.Equal(0, _runs);
    }

    [Fact(Timeout = 10_000)]
    public async Task Header_ForAPluginWhoseTokensHaveExpiredAlready_RunsItAtMostOncePerPause()
    {
        var provider = Provider(Token("stale", TimeSpan.FromSeconds(-1)));
        Enqueue(() => Token("stale again", TimeSpan.FromSeconds(-1)));
        Enqueue(() => Token("and again", TimeSpan.FromSeconds(-1)));

        var headers = new List<string?>();
        for (var pause = 0; pause < 3; pause++)
        {
            headers.Add((await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken)).Parameter);
            headers.Add((await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken)).Parameter);
            _time.Advance(ExecCredentialTokenProvider.Pause);
        }

        // Each answer serves one pause, expired or not: the plugin never runs once per request.
        Assert.Equal(["stale", "stale", "stale again", "stale again", "and again", "and again"], headers);
        Assert.Equal(2, _runs);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        while (!await condition())
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private ExecCredentialTokenProvider Provider(ExecCredentialStatus first) =>
        new(_ =>
        {
            Interlocked.Increment(ref _runs);
            return _answers.Dequeue()();
        }, "plugin", first, _time, NullLogger.Instance);

    private void Enqueue(Func<ExecCredentialStatus> answer) => _answers.Enqueue(() => Task.FromResult(answer()));

    /// <summary>An answer the plugin prints once <paramref name="gate"/> completes.</summary>
    private void EnqueueAfter(Task gate, string token, TimeSpan life) =>
        _answers.Enqueue(async () =>
        {
            await gate;
            return Token(token, life);
        });

    private ExecCredentialStatus Token(string token, TimeSpan life) =>
        new() { Token = token, ExpirationTimestamp = _time.GetUtcNow() + life };

    /// <summary>A logger whose sink fails: Microsoft.Extensions.Logging rethrows that to the caller.</summary>
    private sealed class ThrowingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("the log sink failed");
    }
}
