using Syncer.Restart;
using static Syncer.Tests.Hosting.OptionsValidationTests;

namespace Syncer.Tests.Restart;

public sealed class RestartOptionsValidationTests
{
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
