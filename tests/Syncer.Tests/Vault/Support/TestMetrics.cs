using Prometheus;
using Syncer.Observability;

namespace Syncer.Tests.Vault.Support;

/// <summary>A <see cref="SyncerMetrics"/> over a private registry, so tests neither share nor leak counts.</summary>
internal static class TestMetrics
{
    public static SyncerMetrics Create() => new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
}
