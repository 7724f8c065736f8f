using k8s.Models;
using Prometheus;
using Syncer.Discovery;
using Syncer.Observability;

namespace Syncer.Tests.Discovery;

public sealed class SecretIndexTests
{
    private readonly SyncerMetrics _metrics = new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));

    [Fact]
    public void ReplaceScope_ForOneNamespace_RemovesOnlyThatNamespacesMissingSecrets()
    {
        var index = new SecretIndex(_metrics);
        index.Upsert(WatchedSecrets.Create("a", "shop"));
        index.Upsert(WatchedSecrets.Create("gone", "shop"));
        index.Upsert(WatchedSecrets.Create("other", "billing"));

        var removed = index.ReplaceScope("shop", [WatchedSecrets.Create("a", "shop"), WatchedSecrets.Create("new", "shop")]);

        Assert.Equal([new SecretKey("shop", "gone")], removed);
        Assert.True(index.TryGet(new SecretKey("billing", "other"), out _));
        Assert.True(index.TryGet(new SecretKey("shop", "new"), out _));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void ReplaceScope_ForAllNamespaces_RemovesEverySecretNotListed()
    {
        var index = new SecretIndex(_metrics);
        index.Upsert(WatchedSecrets.Create("a", "shop"));
        index.Upsert(WatchedSecrets.Create("b", "billing"));

        var removed = index.ReplaceScope(null, [WatchedSecrets.Create("a", "shop")]);

        Assert.Equal([new SecretKey("billing", "b")], removed);
    }

    [Fact]
    public void Upsert_AndRemove_PublishTheManagedSecretsGauge()
    {
        var index = new SecretIndex(_metrics);
        index.Upsert(WatchedSecrets.Create("a"));
        index.Upsert(WatchedSecrets.Create("b"));
        Assert.Equal(2, _metrics.ManagedSecretsGauge.Value);

        index.Remove(new SecretKey("shop", "a"));

        Assert.Equal(1, _metrics.ManagedSecretsGauge.Value);
    }

    [Fact]
    public void Upsert_OfAKnownSecret_KeepsItsInitialListFlag()
    {
        var index = new SecretIndex(_metrics);
        index.Upsert(WatchedSecrets.Create("a", fromInitialList: true));

        index.Upsert(WatchedSecrets.Create("a", resourceVersion: "2", fromInitialList: false));

        Assert.True(index.TryGet(new SecretKey("shop", "a"), out var secret));
        Assert.True(secret.FromInitialList);
        Assert.Equal("2", secret.ResourceVersion);
    }

    [Fact]
    public void From_KeepsInputAnnotationsAndStatusFlagsButNoData()
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "db",
                NamespaceProperty = "shop",
                Uid = "u",
                ResourceVersion = "7",
                Annotations = new Dictionary<string, string>
                {
                    [WatchedAnnotations.Path] = "secret/shop/db",
                    [WatchedAnnotations.SyncedAt] = "2026-11-23T09:00:00Z",
                    ["syncer.io/data-hash"] = "abc",
                    ["kubectl.kubernetes.io/last-applied-configuration"] = "{}",
                },
            },
            Data = new Dictionary<string, byte[]> { ["password"] = "hunter2"u8.ToArray() },
        };

        var watched = WatchedSecret.From(secret, fromInitialList: true);

        Assert.Equal(new SecretKey("shop", "db"), watched.Key);
        Assert.Equal([WatchedAnnotations.Path], watched.Annotations.Keys);
        Assert.True(watched.HasBeenSynced);
        Assert.False(watched.HasError);
    }
}
