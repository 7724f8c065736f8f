using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Syncer.Observability;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Tests.Sync;

public sealed class ManagedSecretStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly SyncerMetrics _metrics = new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));

    internal static V1ObjectMeta Meta(string name = "db", string uid = "uid-1", string resourceVersion = "1", params (string Key, string Value)[] annotations) => new()
    {
        Name = name,
        NamespaceProperty = "shop",
        Uid = uid,
        ResourceVersion = resourceVersion,
        Annotations = annotations.ToDictionary(a => a.Key, a => a.Value),
    };

    [Fact]
    public void UpdateGauges_PublishesHowManySecretsAreManaged_AfterObservesAndRemovals()
    {
        var store = new ManagedSecretStore(_metrics, _time);
        store.Observe(Meta("a"));
        store.Observe(Meta("b"));
        store.Observe(Meta("b")); // a known Secret again: not counted twice
        store.UpdateGauges(leadingSince: null);
        Assert.Equal(2, _metrics.ManagedSecretsGauge.Value);

        Assert.True(store.Remove(new SecretKey("shop", "a")));
        store.UpdateGauges(leadingSince: null);

        Assert.Equal(1, _metrics.ManagedSecretsGauge.Value);
        Assert.False(store.TryGet(new SecretKey("shop", "a"), out _));
    }

    [Fact]
    public void Observe_OfAKnownSecret_KeepsWhatTheSyncLearnedAndUpdatesTheSnapshot()
    {
        var store = new ManagedSecretStore(_metrics, _time);
        var first = store.Observe(Meta());
        first.VerifiedResourceVersion = "1";
        first.Failed();

        var again = store.Observe(Meta(resourceVersion: "2"));

        Assert.Same(first, again);
        Assert.Equal("2", again.Observed.ResourceVersion);
        Assert.Equal("1", again.VerifiedResourceVersion);
        Assert.Equal(1, again.ConsecutiveFailures);
    }

    [Fact]
    public void Observe_WithANewUid_StartsAfresh()
    {
        var store = new ManagedSecretStore(_metrics, _time);
        var old = store.Observe(Meta(uid: "old"));
        old.VerifiedResourceVersion = "1";

        var recreated = store.Observe(Meta(uid: "new", resourceVersion: "9"));

        Assert.NotSame(old, recreated);
        Assert.Null(recreated.VerifiedResourceVersion);
        Assert.Null(recreated.Applied);
    }

    [Fact]
    public void Snapshot_KeepsOnlyTheContractsAnnotationsAndNoData()
    {
        var secret = new V1Secret
        {
            Metadata = Meta(annotations:
            [
                (SyncAnnotations.Path, "secret/shop/db"),
                (SyncAnnotations.DataHash, "hmac-sha256:abc"),
                ("kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"password\":\"aHVudGVyMg==\"}}"),
            ]),
            Data = new Dictionary<string, byte[]> { ["password"] = "hunter2"u8.ToArray() },
        };

        var snapshot = SecretSnapshot.From(secret.Metadata);

        Assert.Equal([SyncAnnotations.DataHash, SyncAnnotations.Path], snapshot.Annotations.Keys.Order(StringComparer.Ordinal));
        Assert.Same(SyncAnnotations.Path, snapshot.Annotations.Keys.Single(k => k == SyncAnnotations.Path)); // one shared key string
    }

    [Fact]
    public void UpdateGauges_ReportsTheOldestLastSuccessAmongManagedSecrets()
    {
        var store = new ManagedSecretStore(_metrics, _time);
        var a = store.Observe(Meta("a"));
        store.Observe(Meta("b"));
        _time.Advance(TimeSpan.FromMinutes(10));
        a.Succeeded(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(1));

        store.UpdateGauges(leadingSince: DateTimeOffset.MinValue);

        Assert.Equal(660, _metrics.StalestSecretAgeSeconds.Value); // b: tracked 11 minutes ago, never synced
    }

    [Fact]
    public void UpdateGauges_AfterTheSecretLeaves_ForgetsIt()
    {
        var store = new ManagedSecretStore(_metrics, _time);
        store.Observe(Meta("a"));
        _time.Advance(TimeSpan.FromMinutes(10));

        store.Remove(new SecretKey("shop", "a"));
        store.UpdateGauges(leadingSince: DateTimeOffset.MinValue);

        Assert.Equal(0, _metrics.StalestSecretAgeSeconds.Value);
    }

    [Fact]
    public void UpdateGauges_OnAStandby_IsZero()
    {
        var store = new ManagedSecretStore(_metrics, _time);
        store.Observe(Meta("a"));
        _time.Advance(TimeSpan.FromHours(5));

        store.UpdateGauges(leadingSince: null);

        Assert.Equal(0, _metrics.StalestSecretAgeSeconds.Value);
    }

    [Fact]
    public void UpdateGauges_AfterATakeover_CountsFromTheTakeoverAsAStartWould()
    {
        var store = new ManagedSecretStore(_metrics, _time);
        store.Observe(Meta("a")); // watched as a standby for five hours, never synced by this replica
        _time.Advance(TimeSpan.FromHours(5));
        var tookOver = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMinutes(3));

        store.UpdateGauges(leadingSince: tookOver);

        Assert.Equal(180, _metrics.StalestSecretAgeSeconds.Value);
    }
}
