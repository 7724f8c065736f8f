using System.Globalization;
using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

public sealed class StoreMetadataTests
{
    [Fact(Timeout = 10_000)]
    public async Task Create_FillsUidCreationTimestampAndIncreasingResourceVersion_WithoutGenerationForSecrets()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);

        var a = await client.CoreV1.CreateNamespacedSecretAsync(Secret("a", ("k", "v")), "ns", cancellationToken: ct);
        var b = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "b" } }, "ns", cancellationToken: ct);

        Assert.True(Guid.TryParse(a.Metadata.Uid, out _));
        Assert.NotNull(a.Metadata.CreationTimestamp);
        Assert.True(long.Parse(b.Metadata.ResourceVersion, CultureInfo.InvariantCulture) > long.Parse(a.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
        Assert.Equal(api.ResourceVersion, long.Parse(b.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
        Assert.Null(a.Metadata.Generation);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_WritesCreationTimestampInWholeSeconds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var (status, body, _) = await RawAsync(api, HttpMethod.Post, "/api/v1/namespaces/ns/configmaps", """{"metadata":{"name":"c"}}""");

        Assert.Equal(201, status);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string?)body!["metadata"]!["creationTimestamp"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task Deployment_BumpsGeneration_OnSpecOrAnnotationChange_ButNotOnLabels()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var d = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "ns", cancellationToken: ct);
        Assert.Equal(1, d.Metadata.Generation);

        d = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"metadata":{"labels":{"x":"1"}}}""", V1Patch.PatchType.MergePatch), "web", "ns", cancellationToken: ct);
        Assert.Equal(1, d.Metadata.Generation);
        d = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"metadata":{"annotations":{"x":"1"}}}""", V1Patch.PatchType.MergePatch), "web", "ns", cancellationToken: ct);
        Assert.Equal(2, d.Metadata.Generation);
        d = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "web", "ns", cancellationToken: ct);
        Assert.Equal(3, d.Metadata.Generation);
    }

    [Fact(Timeout = 10_000)]
    public async Task StatefulSet_BumpsGeneration_OnSpecChangeOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var (_, created, _) = await RawAsync(api, HttpMethod.Post, "/apis/apps/v1/namespaces/ns/statefulsets",
            """{"metadata":{"name":"db"},"spec":{"replicas":1,"serviceName":"db","selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""");
        Assert.Equal(1, (long)created!["metadata"]!["generation"]!);

        var (_, annotated, _) = await RawAsync(api, HttpMethod.Patch, "/apis/apps/v1/namespaces/ns/statefulsets/db",
            """{"metadata":{"annotations":{"x":"1"}}}""", "application/merge-patch+json");
        var (_, scaled, _) = await RawAsync(api, HttpMethod.Patch, "/apis/apps/v1/namespaces/ns/statefulsets/db",
            """{"spec":{"replicas":2}}""", "application/merge-patch+json");

        Assert.Equal(1, (long)annotated!["metadata"]!["generation"]!);
        Assert.Equal(2, (long)scaled!["metadata"]!["generation"]!);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_WithGenerateName_AppendsFiveCharacters()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);

        var s = await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new() { GenerateName = "gen-" } }, "ns", cancellationToken: ct);

        Assert.Matches("^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$", s.Metadata.Name);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_InMissingNamespace_Answers404ForTheNamespace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var status = await StatusOfAsync(() => Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("a"), "nope", cancellationToken: ct));

        Assert.Equal(404, status.Code);
        Assert.Equal("NotFound", status.Reason);
        Assert.Equal("namespaces \"nope\" not found", status.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task ListItems_CarryNoKind_WhileGetAndCreateDo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var (_, created, _) = await RawAsync(api, HttpMethod.Post, "/api/v1/namespaces/ns/secrets", """{"metadata":{"name":"a"}}""");
        var (_, got, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets/a");
        var (_, list, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets");

        Assert.Equal("Secret", (string?)created!["kind"]);
        Assert.Equal("v1", (string?)got!["apiVersion"]);
        Assert.Equal("SecretList", (string?)list!["kind"]);
        var item = list["items"]![0]!.AsObject();
        Assert.False(item.ContainsKey("kind"));
        Assert.False(item.ContainsKey("apiVersion"));
        Assert.Equal(api.ResourceVersion.ToString(CultureInfo.InvariantCulture), (string?)list["metadata"]!["resourceVersion"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task Events_WrittenThroughEventsApi_AreReadableAsCoreEvents()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var now = new DateTime(2025, 1, 1, 10, 0, 0, 123, DateTimeKind.Utc);
        await client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new() { Name = "e1" },
            EventTime = now,
            Note = "synced",
            Reason = "Synced",
            Type = "Normal",
            Action = "Sync",
            ReportingController = "syncer",
            ReportingInstance = "syncer-0",
            Regarding = new V1ObjectReference { Kind = "Secret", Name = "a", NamespaceProperty = "ns" },
        }, "ns", cancellationToken: ct);

        var core = await client.CoreV1.ReadNamespacedEventAsync("e1", "ns", cancellationToken: ct);
        var back = await client.EventsV1.ReadNamespacedEventAsync("e1", "ns", cancellationToken: ct);

        Assert.Equal("synced", core.Message);
        Assert.Equal("a", core.InvolvedObject.Name);
        Assert.Equal("syncer", core.ReportingComponent);
        Assert.Equal("synced", back.Note);
        Assert.Equal("Secret", back.Regarding.Kind);
    }

    [Fact(Timeout = 10_000)]
    public async Task EventsApiEvent_WithoutEventTime_Answers422LikeStrictEventValidation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var status = await StatusOfAsync(() => Client(api).EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new() { Name = "e" },
            Reason = "Synced",
            Type = "Normal",
            Regarding = new V1ObjectReference { Kind = "Secret", Name = "a", NamespaceProperty = "ns" },
        }, "ns", cancellationToken: ct));

        Assert.Equal(422, status.Code);
        Assert.Equal("Event.events.k8s.io \"e\" is invalid: eventTime: Required value", status.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_WithInvalidName_Answers422()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var status = await StatusOfAsync(() => Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("Not_Valid"), "ns", cancellationToken: ct));

        Assert.Equal(422, status.Code);
        Assert.StartsWith("Secret \"Not_Valid\" is invalid: metadata.name: Invalid value: \"Not_Valid\": a lowercase RFC 1123 subdomain", status.Message, StringComparison.Ordinal);
    }
}
