using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>Metadata-only reads (client-go's metadata client and informers) and Accept negotiation.</summary>
public sealed class MetadataOnlyTests
{
    // What client-go's metadata client sends: protobuf first, then JSON, then plain JSON.
    private const string ListAccept =
        "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private const string ObjectAccept =
        "application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

    [Fact(Timeout = 10_000)]
    public async Task List_AsPartialObjectMetadataList_ItemsCarryOnlyMetadata_AndPagingWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        await SeedAsync(api, "a", "b", "c");

        var (code, body, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets?limit=2", accept: ListAccept);
        var (_, next, _) = await RawAsync(api, HttpMethod.Get,
            $"/api/v1/namespaces/ns/secrets?limit=2&continue={Uri.EscapeDataString((string)body!["metadata"]!["continue"]!)}", accept: ListAccept);

        Assert.Equal(200, code);
        Assert.Equal(("PartialObjectMetadataList", "meta.k8s.io/v1"), ((string?)body["kind"], (string?)body["apiVersion"]));
        Assert.Equal(api.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)body["metadata"]!["resourceVersion"]);
        var items = body["items"]!.AsArray().Concat(next!["items"]!.AsArray()).Select(i => i!.AsObject()).ToList();
        Assert.Equal(["a", "b", "c"], items.Select(i => (string?)i["metadata"]!["name"]));
        Assert.All(items, i =>
        {
            Assert.Equal(["kind", "apiVersion", "metadata"], i.Select(kv => kv.Key));
            Assert.Equal(("PartialObjectMetadata", "meta.k8s.io/v1"), ((string?)i["kind"], (string?)i["apiVersion"]));
            Assert.Equal("x", (string?)i["metadata"]!["labels"]!["team"]);
            Assert.NotNull((string?)i["metadata"]!["uid"]);
        });
        Assert.Null(next["metadata"]!["continue"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task Get_AsPartialObjectMetadata_AnswersTheMetadataOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        await SeedAsync(api, "a");

        var (code, body, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets/a", accept: ObjectAccept);

        Assert.Equal(200, code);
        Assert.Equal(["kind", "apiVersion", "metadata"], body!.AsObject().Select(kv => kv.Key));
        Assert.Equal(("PartialObjectMetadata", "meta.k8s.io/v1", "a"), ((string?)body["kind"], (string?)body["apiVersion"], (string?)body["metadata"]!["name"]));
    }

    [Fact(Timeout = 15_000)]
    public async Task Watch_AsPartialObjectMetadata_EveryEventAndBookmarkIsPartialObjectMetadata()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync(new() { Namespaces = ["ns"], BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        await SeedAsync(api, "a");
        var client = Client(api);
        using var http = api.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", api.AdminToken);
        http.DefaultRequestHeaders.TryAddWithoutValidation("Accept", ObjectAccept);
        using var response = await http.GetAsync("/api/v1/namespaces/ns/secrets?watch=true&allowWatchBookmarks=true&timeoutSeconds=5",
            HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));

        var events = new List<JsonNode>();
        while (events.All(e => (string?)e["type"] != "BOOKMARK") && await reader.ReadLineAsync(ct) is { } line)
        {
            events.Add(JsonNode.Parse(line)!);
            if (events.Count == 1)
            {
                await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"seen":"yes"}}}""", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct);
            }
        }

        Assert.Equal(["ADDED", "MODIFIED", "BOOKMARK"], events.Select(e => (string?)e["type"]));
        Assert.All(events, e => Assert.Equal(["kind", "apiVersion", "metadata"], e["object"]!.AsObject().Select(kv => kv.Key)));
        Assert.All(events, e => Assert.Equal("PartialObjectMetadata", (string?)e["object"]!["kind"]));
        Assert.Equal("yes", (string?)events[1]["object"]!["metadata"]!["labels"]!["seen"]);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json", "PartialObjectMetadataList")]
    [InlineData("application/json,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", "SecretList")]
    [InlineData("application/json;q=0.5,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", "PartialObjectMetadataList")]
    [InlineData("*/*,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", "PartialObjectMetadataList")]
    [InlineData("application/vnd.kubernetes.protobuf,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1beta1", "PartialObjectMetadataList")]
    [InlineData("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v2,application/json", "SecretList")]
    [InlineData("application/json;as=PartialObjectMetadataList,application/json;charset=utf-8", "SecretList")]
    [InlineData("application/json;as=Table;g=meta.k8s.io;v=v1;includeObject=None,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", "PartialObjectMetadataList")]
    public async Task Accept_FirstClauseTheServerCanGive_Wins(string accept, string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        await SeedAsync(api, "a");

        var (code, body, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets", accept: accept);

        Assert.Equal((200, kind), (code, (string?)body!["kind"]));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("/api/v1/namespaces/ns/secrets", "text/html", "only the following media types are accepted: application/json")]
    [InlineData("/api/v1/namespaces/ns/secrets", "application/json;as=Secret;g=meta.k8s.io;v=v1", "only the following media types are accepted: application/json")]
    [InlineData("/api/v1/namespaces/ns/secrets/a", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1",
        "you requested PartialObjectMetadataList, but the requested object is not a list (*core.Secret)")]
    [InlineData("/apis/apps/v1/namespaces/ns/deployments", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1",
        "you requested PartialObjectMetadata, but the requested object is a list (*apps.DeploymentList)")]
    public async Task Accept_TheServerCannotHonour_Answers406(string path, string accept, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        await SeedAsync(api, "a");

        var (code, body, _) = await RawAsync(api, HttpMethod.Get, path, accept: accept);

        Assert.Equal((406, "NotAcceptable", message), (code, (string?)body!["reason"], (string?)body["message"]));
    }

    [Fact(Timeout = 10_000)]
    public async Task KubernetesClient_WithTheMetadataAcceptHeader_GetsItemsWithoutData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        await SeedAsync(api, "a", "b");
        var headers = new Dictionary<string, IReadOnlyList<string>> { ["Accept"] = [ListAccept] };

        using var response = await Client(api).CoreV1.ListNamespacedSecretWithHttpMessagesAsync("ns", customHeaders: headers, cancellationToken: ct);

        Assert.Equal(("PartialObjectMetadataList", "meta.k8s.io/v1"), (response.Body.Kind, response.Body.ApiVersion));
        Assert.Equal(["a", "b"], response.Body.Items.Select(i => i.Metadata.Name));
        Assert.All(response.Body.Items, i => Assert.Equal(("PartialObjectMetadata", null, "x"), (i.Kind, i.Data, i.Metadata.Labels["team"])));
    }

    private static async Task SeedAsync(Syncer.Doubles.Kubernetes.KubeApiDouble api, params string[] names)
    {
        var client = Client(api);
        foreach (var name in names)
        {
            var secret = Secret(name, ("password", "hunter2"));
            secret.Metadata.Labels = new Dictionary<string, string> { ["team"] = "x" };
            await client.CoreV1.CreateNamespacedSecretAsync(secret, "ns", cancellationToken: Ct);
        }
    }
}
