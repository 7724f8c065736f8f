using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Syncer.Doubles.Kubernetes;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>Server-side printing (Accept: as=Table) with the real server's columns, as kubectl get asks for it.</summary>
public sealed class TableTests
{
    // What kubectl get sends.
    private const string KubectlAccept =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact(Timeout = 10_000)]
    public async Task Secrets_ListAsTable_HasNameTypeDataAge_AndRowsCarryPartialMetadata()
    {
        var ct = TestContext.Current.CancellationToken;
        var (api, time) = await StartWithClockAsync();
        await using var _ = api;
        await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("db", ("user", "u"), ("password", "p")), "ns", cancellationToken: ct);
        time.Advance(TimeSpan.FromSeconds(200));

        var table = await TableAsync(api, "/api/v1/namespaces/ns/secrets");

        Assert.Equal(("Table", "meta.k8s.io/v1"), ((string?)table["kind"], (string?)table["apiVersion"]));
        Assert.Equal(api.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)table["metadata"]!["resourceVersion"]);
        Assert.Equal(["Name/0/name", "Type/0/", "Data/0/", "Age/0/"], Columns(table));
        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.Equal("""["db","Opaque",2,"3m20s"]""", row["cells"]!.ToJsonString());
        Assert.Equal(["kind", "apiVersion", "metadata"], row["object"]!.AsObject().Select(kv => kv.Key));
        Assert.Equal(("PartialObjectMetadata", "db"), ((string?)row["object"]!["kind"], (string?)row["object"]!["metadata"]!["name"]));
    }

    [Fact(Timeout = 10_000)]
    public async Task Events_AsTable_ShowTypeReasonObjectMessage_AndTheWideColumns()
    {
        var ct = TestContext.Current.CancellationToken;
        var (api, time) = await StartWithClockAsync();
        await using var _ = api;
        var client = Client(api);
        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "db.1" },
            InvolvedObject = new V1ObjectReference { Kind = "Secret", Name = "db", NamespaceProperty = "ns" },
            Reason = "SyncFailed",
            Message = "  Vault answered 403 for secret/shop/db  ",
            Type = "Warning",
            Source = new V1EventSource { Component = "syncer", Host = "node-1" },
            FirstTimestamp = Start.UtcDateTime,
            LastTimestamp = Start.AddMinutes(4).UtcDateTime,
            Count = 3,
        }, "ns", cancellationToken: ct);
        await client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.2" },
            Regarding = new V1ObjectReference { Kind = "Deployment", Name = "web", NamespaceProperty = "ns" },
            Reason = "Restarted",
            Note = "rolled after db changed",
            Type = "Normal",
            Action = "Restart",
            ReportingController = "syncer.io/syncer",
            ReportingInstance = "syncer-0",
            EventTime = Start.AddMinutes(5).AddTicks(10).UtcDateTime, // MicroTime needs a fraction (400 without); 1 µs past 5m: "4m59s"
        }, "ns", cancellationToken: ct);
        time.Advance(TimeSpan.FromMinutes(10));

        var table = await TableAsync(api, "/api/v1/namespaces/ns/events");
        var viaEventsApi = await TableAsync(api, "/apis/events.k8s.io/v1/namespaces/ns/events");

        Assert.Equal(["Last Seen/0/", "Type/0/", "Reason/0/", "Object/0/", "Subobject/1/", "Source/1/", "Message/0/", "First Seen/1/", "Count/1/", "Name/1/name"], Columns(table));
        Assert.Equal(
            [
                """["6m","Warning","SyncFailed","secret/db","","syncer, node-1","Vault answered 403 for secret/shop/db","10m",3,"db.1"]""",
                """["4m59s","Normal","Restarted","deployment/web","","syncer.io/syncer, syncer-0","rolled after db changed","4m59s",1,"web.2"]""",
            ],
            table["rows"]!.AsArray().Select(r => r!["cells"]!.ToJsonString()));
        Assert.Equal(Cells(table), Cells(viaEventsApi));
    }

    [Fact(Timeout = 10_000)]
    public async Task Deployments_AsTable_ShowReadyUpToDateAvailable_FromTheStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        var (api, time) = await StartWithClockAsync();
        await using var _ = api;
        var client = Client(api);
        var web = Deployment("web");
        web.Spec.Replicas = 3;
        web.Spec.Template.Spec.Containers.Add(new V1Container { Name = "side", Image = "busybox:1" });
        web.Spec.Selector.MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["web", "front"] }];
        await client.AppsV1.CreateNamespacedDeploymentAsync(web, "ns", cancellationToken: ct);
        await client.AppsV1.PatchNamespacedDeploymentStatusAsync(new V1Patch("""{"status":{"replicas":3,"readyReplicas":2,"updatedReplicas":3,"availableReplicas":1}}""", V1Patch.PatchType.MergePatch), "web", "ns", cancellationToken: ct);
        time.Advance(TimeSpan.FromHours(5.5));

        var table = await TableAsync(api, "/apis/apps/v1/namespaces/ns/deployments/web");

        Assert.Equal(["Name/0/name", "Ready/0/", "Up-to-date/0/", "Available/0/", "Age/0/", "Containers/1/", "Images/1/", "Selector/1/"], Columns(table));
        Assert.Equal("""["web","2/3",3,1,"5h30m","app,side","nginx,busybox:1","app=web,tier in (front,web)"]""", Cells(table).Single());
        Assert.Equal((string?)table["rows"]![0]!["object"]!["metadata"]!["resourceVersion"], (string?)table["metadata"]!["resourceVersion"]);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("/api/v1/namespaces", "Name/0/name,Status/0/,Age/0/")]
    [InlineData("/api/v1/namespaces/ns/configmaps", "Name/0/name,Data/0/,Age/0/")]
    [InlineData("/api/v1/namespaces/ns/serviceaccounts", "Name/0/name,Secrets/0/,Age/0/")]
    [InlineData("/apis/coordination.k8s.io/v1/namespaces/ns/leases", "Name/0/name,Holder/0/,Age/0/")]
    [InlineData("/apis/apps/v1/namespaces/ns/statefulsets", "Name/0/name,Ready/0/,Age/0/,Containers/1/,Images/1/")]
    [InlineData("/apis/apps/v1/namespaces/ns/daemonsets", "Name/0/name,Desired/0/,Current/0/,Ready/0/,Up-to-date/0/,Available/0/,Node Selector/0/,Age/0/,Containers/1/,Images/1/,Selector/1/")]
    public async Task OtherKinds_AsTable_HaveTheRealServersColumns(string path, string columns)
    {
        _ = TestContext.Current.CancellationToken; // RawAsync observes it
        await using var api = await StartAsync();

        var table = await TableAsync(api, path);

        Assert.Equal(columns.Split(','), Columns(table));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("Object", "Secret")]
    [InlineData("Metadata", "PartialObjectMetadata")]
    [InlineData("None", null)]
    public async Task IncludeObject_SaysWhatEachRowCarries(string includeObject, string? kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("db", ("k", "v")), "ns", cancellationToken: ct);

        var table = await TableAsync(api, $"/api/v1/namespaces/ns/secrets?includeObject={includeObject}");

        var obj = table["rows"]![0]!["object"];
        Assert.Equal(kind, (string?)obj?["kind"]);
        Assert.Equal(kind == "Secret", obj?["data"] is not null);
    }

    [Fact(Timeout = 10_000)]
    public async Task IncludeObject_Unknown_Answers400WithTheRealMessage()
    {
        _ = TestContext.Current.CancellationToken; // RawAsync observes it
        await using var api = await StartAsync();

        var (code, body, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets?includeObject=All", accept: KubectlAccept);

        Assert.Equal(400, code);
        Assert.Equal("Unable to convert to Table as requested: includeObject: Unsupported value: \"All\": supported values: \"Metadata\", \"None\", \"Object\"", (string?)body!["message"]);
    }

    [Fact(Timeout = 15_000)]
    public async Task Watch_AsTable_OneRowPerEvent_ColumnsOnlyInTheFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("first"), "ns", cancellationToken: ct);
        using var watch = await RawWatch.OpenAsync(api, "/api/v1/namespaces/ns/secrets?watch=true&timeoutSeconds=5", KubectlAccept);

        var events = new List<JsonNode>();
        while (events.Count < 2 && await watch.NextAsync() is { } next)
        {
            events.Add(next);
            if (events.Count == 1)
            {
                await client.CoreV1.CreateNamespacedSecretAsync(Secret("second", ("k", "v")), "ns", cancellationToken: ct);
            }
        }

        Assert.All(events, e => Assert.Equal("Table", (string?)e["object"]!["kind"]));
        Assert.Equal(4, events[0]["object"]!["columnDefinitions"]!.AsArray().Count);
        Assert.Null(events[1]["object"]!["columnDefinitions"]);
        Assert.Equal(["first", "second"], events.Select(e => (string?)e["object"]!["rows"]![0]!["cells"]![0]));
    }

    private static async Task<(KubeApiDouble Api, FakeTimeProvider Time)> StartWithClockAsync()
    {
        var time = new FakeTimeProvider(Start);
        return (await StartAsync(new KubeApiDoubleOptions { Namespaces = ["ns"], TimeProvider = time }), time);
    }

    private static async Task<JsonNode> TableAsync(KubeApiDouble api, string path)
    {
        var (code, body, _) = await RawAsync(api, HttpMethod.Get, path, accept: KubectlAccept);
        Assert.Equal(200, code);
        return body!;
    }

    private static IEnumerable<string> Columns(JsonNode table) => table["columnDefinitions"]!.AsArray()
        .Select(c => $"{(string?)c!["name"]}/{(int)c["priority"]!}/{(string?)c["format"]}");

    private static IEnumerable<string> Cells(JsonNode table) => table["rows"]!.AsArray().Select(r => r!["cells"]!.ToJsonString());
}
