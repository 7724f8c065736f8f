using k8s;
using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Scheduling;

namespace Syncer.Tests.Hosting;

public sealed class OptionsValidationTests
{
    // Nothing listens there: a host that got past validation would only retry its list.
    private static readonly KubernetesClientConfiguration Unreachable = new() { Host = "http://127.0.0.1:1" };

    /// <summary>Starts the host with <paramref name="settings"/> and returns the validation error it must fail with (also for other features' options tests).</summary>
    internal static async Task<OptionsValidationException> StartWith(CancellationToken cancellationToken, params (string Key, string Value)[] settings)
    {
        await using var host = SyncerTestHost.Build(Unreachable, settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(cancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_WithAWatchTimeoutOutOfRange_ThrowsNamingTheKey()
    {
        var error = await StartWith(TestContext.Current.CancellationToken, ("Syncer:Discovery:WatchTimeout", "02:00:00"));

        Assert.Contains(nameof(DiscoveryOptions.WatchTimeout), error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_WithZeroConcurrentSyncs_ThrowsNamingTheKey()
    {
        var error = await StartWith(TestContext.Current.CancellationToken, ("Syncer:Scheduling:MaxConcurrentSyncs", "0"));

        Assert.Contains(nameof(SchedulingOptions.MaxConcurrentSyncs), error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_WithARetryMaxDelayBelowTheInitialDelay_ThrowsNamingBothKeys()
    {
        var error = await StartWith(TestContext.Current.CancellationToken, ("Syncer:Scheduling:RetryInitialDelay", "00:00:10"), ("Syncer:Scheduling:RetryMaxDelay", "00:00:02"));

        Assert.Contains("Syncer:Scheduling:RetryMaxDelay", error.Message, StringComparison.Ordinal);
        Assert.Contains("Syncer:Scheduling:RetryInitialDelay", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_WithADefaultRefreshBelowTheMinimum_ThrowsNamingTheKey()
    {
        var error = await StartWith(TestContext.Current.CancellationToken, ("Syncer:Sync:DefaultRefresh", "00:00:05"), ("Syncer:Sync:MinimumRefresh", "00:00:30"));

        Assert.Contains("Syncer:Sync:DefaultRefresh", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_WithAnInvalidNamespace_ThrowsNamingTheListItem()
    {
        var error = await StartWith(TestContext.Current.CancellationToken, ("Syncer:Discovery:WatchNamespaces:0", "shop"), ("Syncer:Discovery:WatchNamespaces:1", "Not_A_Namespace"));

        Assert.Contains("Syncer:Discovery:WatchNamespaces:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WatchNamespaces:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validators_WithTheDefaults_Succeed()
    {
        Assert.True(new DiscoveryOptionsValidator().Validate(null, new DiscoveryOptions()).Succeeded);
        Assert.True(new DiscoveryOptionsRules().Validate(null, new DiscoveryOptions()).Succeeded);
        Assert.True(new SchedulingOptionsValidator().Validate(null, new SchedulingOptions()).Succeeded);
        Assert.True(new SchedulingOptionsRules().Validate(null, new SchedulingOptions()).Succeeded);
    }
}
