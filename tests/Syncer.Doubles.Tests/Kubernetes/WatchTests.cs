using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

public sealed class WatchTests
{
    [Fact(Timeout = 15_000)]
    public async Task Watch_FromResourceVersion_GetsOnlyLaterChanges_AndDeletedCarriesTheDeletionVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("before"), "ns", cancellationToken: ct);
        var list = await client.CoreV1.ListNamespacedSecretAsync("ns", cancellationToken: ct);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"x":"1"}}}""", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct);
        await client.CoreV1.DeleteNamespacedSecretAsync("a", "ns", cancellationToken: ct);

        var seen = new List<(WatchEventType, string, string)>();
        await foreach (var (type, secret) in client.CoreV1.WatchListNamespacedSecretAsync("ns", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: ct))
        {
            seen.Add((type, secret.Metadata.Name, secret.Metadata.ResourceVersion));
            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], seen.Select(s => s.Item1));
        Assert.All(seen, s => Assert.Equal("a", s.Item2));
        Assert.Equal(api.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), seen[2].Item3);
    }

    [Fact(Timeout = 15_000)]
    public async Task Watch_WithoutResourceVersion_StartsWithSyntheticAddedThenLiveChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("existing"), "ns", cancellationToken: ct);

        var seen = new List<(WatchEventType, string)>();
        await foreach (var (type, secret) in client.CoreV1.WatchListSecretForAllNamespacesAsync(cancellationToken: ct))
        {
            seen.Add((type, secret.Metadata.Name));
            if (seen.Count == 1)
            {
                await client.CoreV1.CreateNamespacedSecretAsync(Secret("live"), "ns", cancellationToken: ct);
            }
            else
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "existing"), (WatchEventType.Added, "live")], seen);
    }

    [Fact(Timeout = 15_000)]
    public async Task Watch_WithLabelSelector_TurnsSelectorTransitionsIntoAddedAndDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var start = api.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"sync":"yes"}}}""", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct);
        await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"sync":"no"}}}""", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct);

        var seen = new List<WatchEventType>();
        await foreach (var (type, _) in client.CoreV1.WatchListNamespacedSecretAsync("ns", labelSelector: "sync=yes", resourceVersion: start, cancellationToken: ct))
        {
            seen.Add(type);
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], seen);
    }

    [Fact(Timeout = 15_000)]
    public async Task Watch_StreamsOneJsonEventPerLine_WithKindOnObjects()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("b"), "ns", cancellationToken: ct);

        var lines = await ReadLinesAsync(api, "/api/v1/namespaces/ns/secrets?watch=1&timeoutSeconds=1");

        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal("ADDED", (string?)l["type"]));
        Assert.All(lines, l => Assert.Equal("Secret", (string?)l["object"]!["kind"]));
    }

    [Fact(Timeout = 15_000)]
    public async Task Watch_FromCompactedResourceVersion_Answers200ThenOneErrorEventWith410Expired()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync(new() { Namespaces = ["ns"], WatchHistory = 2 });
        foreach (var name in new[] { "a", "b", "c" })
        {
            await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret(name), "ns", cancellationToken: ct);
        }

        var lines = await ReadLinesAsync(api, "/api/v1/namespaces/ns/secrets?watch=true&resourceVersion=1");

        var error = Assert.Single(lines);
        Assert.Equal("ERROR", (string?)error["type"]);
        Assert.Equal("Status", (string?)error["object"]!["kind"]);
        Assert.Equal("Expired", (string?)error["object"]!["reason"]);
        Assert.Equal(410, (int)error["object"]!["code"]!);
        Assert.StartsWith("too old resource version: 1 (", (string?)error["object"]!["message"], StringComparison.Ordinal);
    }

    [Fact(Timeout = 15_000)]
    public async Task Watch_FromCompactedResourceVersion_ReachesTheClientsOnErrorAsKubernetesException()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync(new() { Namespaces = ["ns"], WatchHistory = 2 });
        foreach (var name in new[] { "a", "b", "c" })
        {
            await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret(name), "ns", cancellationToken: ct);
        }

        Exception? error = null;
        var events = 0;
        await foreach (var _ in Client(api).CoreV1.WatchListNamespacedSecretAsync("ns", resourceVersion: "1", onError: e => error = e, cancellationToken: ct))
        {
            events++;
        }

        Assert.Equal(0, events);
        var kube = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, kube.Status.Code);
    }

    [Fact(Timeout = 15_000)]
    public async Task Watch_WithBookmarks_SendsBookmarkWithCurrentResourceVersion_AndClientCopes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync(new() { Namespaces = ["ns"], BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        var rv = api.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var lines = await ReadLinesAsync(api, $"/api/v1/namespaces/ns/secrets?watch=true&allowWatchBookmarks=true&resourceVersion={rv}&timeoutSeconds=1");
        var typed = new List<WatchEventType>();
        await foreach (var (type, _) in client.CoreV1.WatchListNamespacedSecretAsync("ns", allowWatchBookmarks: true, resourceVersion: rv, cancellationToken: ct))
        {
            typed.Add(type);
            break;
        }

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("BOOKMARK", (string?)l["type"]));
        Assert.Equal(rv, (string?)lines[0]["object"]!["metadata"]!["resourceVersion"]);
        Assert.Equal([WatchEventType.Bookmark], typed);
    }

    [Fact(Timeout = 15_000)]
    public async Task DropWatches_EndsOpenStreams()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);

        var count = 0;
        await foreach (var _ in client.CoreV1.WatchListNamespacedSecretAsync("ns", cancellationToken: ct))
        {
            count++;
            api.Faults.DropWatches();
        }

        Assert.Equal(1, count);
        Assert.Equal(2, api.Requests.Count("create", "secrets") + api.Requests.Count("watch", "secrets"));
    }

    /// <summary>Reads a watch stream until the server closes it; every line must be one JSON event.</summary>
    private static async Task<List<JsonNode>> ReadLinesAsync(Syncer.Doubles.Kubernetes.KubeApiDouble api, string path)
    {
        using var http = api.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", api.AdminToken);
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(200, (int)response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var lines = new List<JsonNode>();
        while (await reader.ReadLineAsync(Ct) is { } line)
        {
            lines.Add(JsonNode.Parse(line)!);
        }

        return lines;
    }
}
