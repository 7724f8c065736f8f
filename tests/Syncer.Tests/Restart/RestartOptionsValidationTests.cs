using k8s;
using Microsoft.Extensions.Options;
using Syncer.Restart;
using Syncer.Tests.Hosting;

namespace Syncer.Tests.Restart;

public sealed class RestartOptionsValidationTests
{
    private static readonly KubernetesClientConfiguration Unreachable = new() { Host = "http://127.0.0.1:1" };

    private static async Task<OptionsValidationException> StartWith(CancellationToken cancellationToken, params (string Key, string Value)[] settings)
    {
        await using var host = SyncerTestHost.Build(Unreachable, settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(cancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_WithACapOfZero_ThrowsNamingTheKey()
    {
        var error = await StartWith(TestContext.Current.CancellationToken, ("Syncer:Restart:MaxRolloutsInProgress", "0"));

        Assert.Contains(nameof(RestartOptions.MaxRolloutsInProgress), error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_WithADebounceOverTenMinutes_ThrowsNamingTheKey()
    {
        var error = await StartWith(TestContext.Current.CancellationToken, ("Syncer:Restart:Debounce", "00:30:00"));

        Assert.Contains(nameof(RestartOptions.Debounce), error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_WithARetryMaxDelayBelowTheInitialDelay_ThrowsNamingBothKeys()
    {
        var error = await StartWith(TestContext.Current.CancellationToken, ("Syncer:Restart:RetryInitialDelay", "00:00:10"), ("Syncer:Restart:RetryMaxDelay", "00:00:02"));

        Assert.Contains("Syncer:Restart:RetryMaxDelay", error.Message, StringComparison.Ordinal);
        Assert.Contains("Syncer:Restart:RetryInitialDelay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validators_WithTheDefaults_Succeed()
    {
        Assert.True(new RestartOptionsValidator().Validate(null, new RestartOptions()).Succeeded);
        Assert.True(new RestartOptionsRules().Validate(null, new RestartOptions()).Succeeded);
    }
}
