using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Syncer.Discovery;
using Syncer.Observability;
using Syncer.Scheduling;

namespace Syncer.Tests.Scheduling;

public sealed class SyncFreshnessTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly SyncerMetrics _metrics = new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));

    [Fact]
    public void UpdateStalestAge_ReportsTheOldestLastSuccessAmongScheduledSecrets()
    {
        var freshness = new SyncFreshness(_metrics, _time);
        freshness.Track(new SecretKey("shop", "a"));
        freshness.Track(new SecretKey("shop", "b"));
        _time.Advance(TimeSpan.FromMinutes(10));
        freshness.Succeeded(new SecretKey("shop", "a"));
        _time.Advance(TimeSpan.FromMinutes(1));

        freshness.UpdateStalestAge();

        Assert.Equal(660, _metrics.StalestSecretAgeSeconds.Value); // b: scheduled 11 minutes ago, never synced
        Assert.Equal(_time.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds(), _metrics.LastSuccessfulSyncTimestamp.Value);
    }

    [Fact]
    public void UpdateStalestAge_AfterTheSecretLeaves_ForgetsIt()
    {
        var freshness = new SyncFreshness(_metrics, _time);
        freshness.Track(new SecretKey("shop", "a"));
        _time.Advance(TimeSpan.FromMinutes(10));

        freshness.Forget(new SecretKey("shop", "a"));
        freshness.UpdateStalestAge();

        Assert.Equal(0, _metrics.StalestSecretAgeSeconds.Value);
    }
}
