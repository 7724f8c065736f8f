using System.Net;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Syncer.Discovery;
using Syncer.Doubles.Kubernetes;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Hosting;

namespace Syncer.Tests.Discovery;

/// <summary>The informer inside the real host, with the real KubernetesClient, against the Kubernetes double.</summary>
public sealed class SecretInformerTests
{
    [Fact(Timeout = 30_000)]
    public async Task Start_IndexesOnlyLabeledSecretsAndThenReportsReady()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.CreateSecretAsync("shop", "db", cancellationToken: ct);
        await cluster.CreateSecretAsync("billing", "api", cancellationToken: ct);
        await cluster.CreateSecretAsync("shop", "not-opted-in", labeled: false, cancellationToken: ct);

        await cluster.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = cluster.Host.BaseAddress };
        var readyz = await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
        Assert.True(cluster.Indexed("shop", "db"));
        Assert.True(cluster.Indexed("billing", "api"));
        Assert.False(cluster.Indexed("shop", "not-opted-in"));
        Assert.Contains("\nsyncer_managed_secrets 2\n", await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task ListAndWatch_KeepOneStringPerNamespaceName_WhereverTheSecretCameFrom()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.CreateSecretAsync("shop", "db", cancellationToken: ct);
        await cluster.CreateSecretAsync("shop", "api", cancellationToken: ct);
        await cluster.StartAsync(ct);
        await cluster.CreateSecretAsync("shop", "cache", cancellationToken: ct);
        await Eventually.HoldsAsync(() => cluster.Indexed("shop", "cache"), "the watched Secret is indexed", ct);

        var namespaces = new[] { "db", "api", "cache" }
            .Select(name => cluster.Store.TryGet(new SecretKey("shop", name), out var s) ? s.Key.Namespace : null).ToList();

        Assert.All(namespaces, ns => Assert.Same(namespaces[0], ns)); // each event brought its own copy; one is kept
        Assert.Same(NamespaceNames.Shared(new string("shop".ToCharArray())), namespaces[0]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_SeesCreatesUpdatesAndDeletes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.StartAsync(ct);

        await cluster.CreateSecretAsync("shop", "db", cancellationToken: ct);
        await Eventually.HoldsAsync(() => cluster.Indexed("shop", "db"), "the created Secret is indexed", ct);

        await cluster.EditSecretAsync("shop", "db", s => s.Metadata.Annotations[SyncAnnotations.Refresh] = "1h", ct);
        await Eventually.HoldsAsync(
            () => cluster.Store.TryGet(new SecretKey("shop", "db"), out var s) && s.Observed.Annotation(SyncAnnotations.Refresh) == "1h",
            "the update is indexed", ct);

        await cluster.Client.CoreV1.DeleteNamespacedSecretAsync("db", "shop", cancellationToken: ct);
        await Eventually.HoldsAsync(() => !cluster.Indexed("shop", "db"), "the deleted Secret leaves the index", ct);
        using var http = new HttpClient { BaseAddress = cluster.Host.BaseAddress };
        Assert.Contains("\nsyncer_managed_secrets 0\n", await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_WhenTheLabelIsRemoved_DropsTheSecretAndItsJobButKeepsItsData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.StartAsync(ct);
        await cluster.CreateSecretAsync("shop", "db", cancellationToken: ct);
        await Eventually.HoldsAsync(() => cluster.HasJobAsync("shop", "db", ct), "the Secret has a job", ct);

        await cluster.EditSecretAsync("shop", "db", s =>
        {
            s.Metadata.Labels.Remove(SyncAnnotations.Enabled);
            s.Data = new Dictionary<string, byte[]> { ["password"] = "kept"u8.ToArray() };
        }, ct);

        await Eventually.HoldsAsync(async () => !await cluster.HasJobAsync("shop", "db", ct), "the job is deleted", ct);
        Assert.False(cluster.Indexed("shop", "db"));
        var secret = await cluster.Client.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct);
        Assert.Equal("kept"u8.ToArray(), secret.Data["password"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_WhenTheServerClosesAnIdleWatch_ResumesWithoutRelisting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.StartAsync(ct);
        await Eventually.HoldsAsync(() => cluster.Api.Requests.Count("watch", "secrets") >= 1, "the watch is open", ct);

        cluster.Api.Faults.DropWatches(); // closes the watch before its first line: EndOfStream in the client

        await Eventually.HoldsAsync(() => cluster.WatchRestarts("closed") >= 1, "the watch restarted", ct);
        await cluster.CreateSecretAsync("shop", "after-close", cancellationToken: ct);
        await Eventually.HoldsAsync(() => cluster.Indexed("shop", "after-close"), "the resumed watch sees a new Secret", ct);
        Assert.Equal(1, cluster.Api.Requests.Count("list", "secrets"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_WhenItsResourceVersionHasExpired_RelistsAndCatchesUp()
    {
        var ct = TestContext.Current.CancellationToken;
        // A short history and no bookmarks: the resourceVersion the informer resumes from is soon too old.
        var apiOptions = new KubeApiDoubleOptions { Namespaces = ["shop"], WatchHistory = 5, BookmarkInterval = TimeSpan.FromHours(1) };
        await using var cluster = await SyncerCluster.CreateAsync(ct, apiOptions);
        await cluster.StartAsync(ct);
        await Eventually.HoldsAsync(() => cluster.Api.Requests.Count("watch", "secrets") >= 1, "the watch is open", ct);

        for (var i = 0; i < 10; i++)
        {
            await cluster.CreateSecretAsync("shop", $"unlabeled-{i}", labeled: false, cancellationToken: ct); // moves the resourceVersion on
        }

        cluster.Api.Faults.DropWatches();

        await Eventually.HoldsAsync(() => cluster.WatchRestarts("expired") >= 1, "the watch reports 410 Expired", ct);
        await Eventually.HoldsAsync(() => cluster.Api.Requests.Count("list", "secrets") >= 2, "the informer lists again", ct);
        await cluster.CreateSecretAsync("shop", "after-relist", cancellationToken: ct);
        await Eventually.HoldsAsync(() => cluster.Indexed("shop", "after-relist"), "the new watch sees a new Secret", ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task Start_WithConfiguredNamespaces_WatchesOnlyThose()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?> { ["Syncer:Discovery:WatchNamespaces:0"] = "shop" };
        await using var cluster = await SyncerCluster.CreateAsync(ct, settings: settings);
        await cluster.CreateSecretAsync("billing", "elsewhere", cancellationToken: ct);
        await cluster.StartAsync(ct);

        await cluster.CreateSecretAsync("billing", "elsewhere-later", cancellationToken: ct);
        await cluster.CreateSecretAsync("shop", "here", cancellationToken: ct);

        await Eventually.HoldsAsync(() => cluster.Indexed("shop", "here"), "the watched namespace is indexed", ct);
        Assert.False(cluster.Indexed("billing", "elsewhere"));
        Assert.False(cluster.Indexed("billing", "elsewhere-later"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_WhileTheApiServerFailsWatches_BacksOffAndRecovers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.StartAsync(ct);
        await Eventually.HoldsAsync(() => cluster.Api.Requests.Count("watch", "secrets") >= 1, "the watch is open", ct);

        cluster.Api.Faults.SetErrorRate("watch", "secrets", 1.0, 500);
        cluster.Api.Faults.DropWatches();
        await Eventually.HoldsAsync(() => cluster.WatchRestarts("error") >= 2, "failed watches are retried", ct);

        cluster.Api.Faults.Clear();
        await cluster.CreateSecretAsync("shop", "after-outage", cancellationToken: ct);
        await Eventually.HoldsAsync(() => cluster.Indexed("shop", "after-outage"), "the watch recovered", ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task Start_WhileListingFails_IsNotReadyUntilAListSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.CreateSecretAsync("shop", "db", cancellationToken: ct);
        cluster.Api.Faults.SetErrorRate("list", "secrets", 1.0, 503);
        await cluster.Host.StartAsync(ct);
        var readiness = cluster.Informer;
        await Eventually.HoldsAsync(() => cluster.WatchRestarts("error") >= 2, "failed lists are retried", ct);
        Assert.False(readiness.IsReady);
        Assert.Empty(cluster.Host.Handler.Calls);

        cluster.Api.Faults.Clear();

        await Eventually.HoldsAsync(() => readiness.IsReady, "the informer is ready", ct);
        Assert.True(cluster.Indexed("shop", "db"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Start_WithMoreSecretsThanAPage_ListsEveryPage()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?> { ["Syncer:Discovery:ListPageSize"] = "2" };
        await using var cluster = await SyncerCluster.CreateAsync(ct, settings: settings);
        for (var i = 0; i < 5; i++)
        {
            await cluster.CreateSecretAsync("shop", $"s{i}", cancellationToken: ct);
        }

        await cluster.StartAsync(ct);

        Assert.Equal(5, cluster.Store.Count);
        Assert.Equal(3, cluster.Api.Requests.Count("list", "secrets"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ListAndWatch_AskForMetadataOnly_AndNoSecretDataReachesTheIndex()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SyncerCluster.CreateAsync(ct);
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(new k8s.Models.V1Secret
        {
            Metadata = new k8s.Models.V1ObjectMeta
            {
                Name = "listed",
                Labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = SyncAnnotations.EnabledValue },
                Annotations = new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/listed" },
            },
            Data = new Dictionary<string, byte[]> { ["password"] = "list-secret-value"u8.ToArray() },
        }, "shop", cancellationToken: ct);
        await cluster.StartAsync(ct);
        await cluster.EditSecretAsync("shop", "listed", s => s.Data["password"] = "watch-secret-value"u8.ToArray(), ct);
        await Eventually.HoldsAsync(
            () => cluster.Store.TryGet(new SecretKey("shop", "listed"), out var s) && s.Observed.ResourceVersion != "" && cluster.Api.Requests.Count("watch", "secrets") >= 1,
            "the edit is watched", ct);

        var discovery = cluster.Api.Log.Entries.Where(e => e.Method == "GET" && e.Path.EndsWith("/secrets", StringComparison.Ordinal)).ToList();
        var lists = discovery.Where(e => !e.IsWatch).ToList();
        var watches = discovery.Where(e => e.IsWatch).ToList();
        Assert.NotEmpty(lists);
        Assert.NotEmpty(watches);
        Assert.All(lists, e => Assert.Equal("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", e.Accept));
        Assert.All(watches, e => Assert.Equal("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1", e.Accept));

        // What the index keeps: the contract's annotations, never data (and the type has no place for it).
        Assert.True(cluster.Store.TryGet(new SecretKey("shop", "listed"), out var entry));
        Assert.Equal([SyncAnnotations.Path], entry.Observed.Annotations.Keys);
        Assert.DoesNotContain(typeof(SecretSnapshot).GetProperties(), p => p.PropertyType == typeof(IDictionary<string, byte[]>));
    }
}
