using k8s.Exceptions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Syncer.Hosting;

namespace Syncer.Tests.Hosting;

public sealed class ExecCredentialTokenProviderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly Queue<Func<ExecCredentialStatus>> _answers = new();
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
    public async Task Header_NearTheExpiry_RunsThePluginOnceForAllConcurrentRequests()
    {
        var provider = Provider(Token("first", TimeSpan.FromMinutes(15)));
        var gate = new TaskCompletionSource();
        _answers.Enqueue(() =>
        {
            gate.Task.Wait(TestContext.Current.CancellationToken);
            return Token("second", TimeSpan.FromMinutes(30));
        });
        _time.Advance(TimeSpan.FromMinutes(15) - ExecCredentialTokenProvider.EarlyRefresh);

        var requests = Enumerable.Range(0, 20).Select(_ => Task.Run(() => provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken))).ToArray();
        while (Volatile.Read(ref _runs) == 0)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken); // the others queue behind the run the gate holds
        }

        gate.SetResult();
        var headers = await Task.WhenAll(requests);

        Assert.All(headers, header => Assert.Equal("second", header.Parameter));
        Assert.Equal(1, _runs);
    }

    [Fact(Timeout = 10_000)]
    public async Task Header_WhenARefreshFailsWhileTheTokenHolds_KeepsTheTokenAndPausesThePlugin()
    {
        var provider = Provider(Token("first", TimeSpan.FromMinutes(15)));
        _answers.Enqueue(() => throw new KubeConfigException("The plugin exited with code 1."));
        _time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(10));

        var during = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);
        var again = await provider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["first", "first"], new[] { during.Parameter, again.Parameter });
        Assert.Equal(1, _runs); // the second request came within the pause
    }

    [Fact(Timeout = 10_000)]
    public async Task Header_AfterTheExpiryWhileThePluginFails_FailsWithItsReason_AndRunsItOncePerPause()
    {
        var provider = Provider(Token("first", TimeSpan.FromMinutes(15)));
        _answers.Enqueue(() => throw new KubeConfigException("The plugin exited with code 1."));
        _answers.Enqueue(() => Token("second", TimeSpan.FromMinutes(15)));
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
        _answers.Enqueue(() => Token("stale again", TimeSpan.FromSeconds(-1)));
        _answers.Enqueue(() => Token("and again", TimeSpan.FromSeconds(-1)));

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

    private ExecCredentialTokenProvider Provider(ExecCredentialStatus first) =>
        new(_ =>
        {
            Interlocked.Increment(ref _runs);
            return Task.FromResult(_answers.Dequeue()());
        }, "plugin", first, _time, NullLogger.Instance);

    private ExecCredentialStatus Token(string token, TimeSpan life) =>
        new() { Token = token, ExpirationTimestamp = _time.GetUtcNow() + life };
}
