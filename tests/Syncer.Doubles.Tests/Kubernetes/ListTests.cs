using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

public sealed class ListTests
{
    [Theory(Timeout = 10_000)]
    [InlineData("app=web", "a")]
    [InlineData("app==web", "a")]
    [InlineData("app!=web", "b,c")]
    [InlineData("app in (web,db)", "a,b")]
    [InlineData("app notin (web)", "b,c")]
    [InlineData("app", "a,b")]
    [InlineData("!app", "c")]
    [InlineData("app=web,tier=front", "a")]
    [InlineData("tier notin (front),app", "b")]
    public async Task LabelSelector_MatchesLikeApimachinery(string selector, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        foreach (var (name, labels) in new[] { ("a", "app=web,tier=front"), ("b", "app=db"), ("c", "") })
        {
            var s = Secret(name);
            s.Metadata.Labels = labels.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
            await client.CoreV1.CreateNamespacedSecretAsync(s, "ns", cancellationToken: ct);
        }

        var list = await client.CoreV1.ListNamespacedSecretAsync("ns", labelSelector: selector, cancellationToken: ct);

        Assert.Equal(expected, string.Join(",", list.Items.Select(i => i.Metadata.Name)));
    }

    [Fact(Timeout = 10_000)]
    public async Task FieldSelector_ByNameAndSecretType()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new() { Name = "b" }, Type = "example.com/custom" }, "ns", cancellationToken: ct);

        var byName = await client.CoreV1.ListNamespacedSecretAsync("ns", fieldSelector: "metadata.name=b", cancellationToken: ct);
        var byType = await client.CoreV1.ListNamespacedSecretAsync("ns", fieldSelector: "type!=Opaque,metadata.namespace=ns", cancellationToken: ct);

        Assert.Equal(["b"], byName.Items.Select(i => i.Metadata.Name));
        Assert.Equal(["b"], byType.Items.Select(i => i.Metadata.Name));
    }

    [Fact(Timeout = 10_000)]
    public async Task FieldSelector_UnknownField_Answers400WithTheRealMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var status = await StatusOfAsync(() => Client(api).CoreV1.ListNamespacedConfigMapAsync("ns", fieldSelector: "foo.bar=x", cancellationToken: ct));

        Assert.Equal((400, "BadRequest"), (status.Code, status.Reason));
        Assert.Equal("\"foo.bar\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"", status.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task LimitAndContinue_PageAtOneResourceVersion_EvenWhenObjectsChangeBetweenPages()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await client.CoreV1.CreateNamespacedSecretAsync(Secret(name), "ns", cancellationToken: ct);
        }

        var first = await client.CoreV1.ListNamespacedSecretAsync("ns", limit: 2, cancellationToken: ct);
        await client.CoreV1.DeleteNamespacedSecretAsync("d", "ns", cancellationToken: ct);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("f"), "ns", cancellationToken: ct);
        var second = await client.CoreV1.ListNamespacedSecretAsync("ns", limit: 2, continueParameter: first.Metadata.ContinueProperty, cancellationToken: ct);
        var third = await client.CoreV1.ListNamespacedSecretAsync("ns", limit: 2, continueParameter: second.Metadata.ContinueProperty, cancellationToken: ct);

        Assert.Equal(["a", "b"], first.Items.Select(i => i.Metadata.Name));
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        Assert.Equal(["c", "d"], second.Items.Select(i => i.Metadata.Name));
        Assert.Equal(["e"], third.Items.Select(i => i.Metadata.Name));
        Assert.True(string.IsNullOrEmpty(third.Metadata.ContinueProperty));
        Assert.Equal(first.Metadata.ResourceVersion, third.Metadata.ResourceVersion);
    }

    [Fact(Timeout = 10_000)]
    public async Task Continue_OlderThanTheHistoryWindow_Answers410Expired()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync(new() { Namespaces = ["ns"], WatchHistory = 3 });
        var client = Client(api);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await client.CoreV1.CreateNamespacedSecretAsync(Secret(name), "ns", cancellationToken: ct);
        }

        var first = await client.CoreV1.ListNamespacedSecretAsync("ns", limit: 1, cancellationToken: ct);
        foreach (var name in new[] { "x", "y", "z", "w" })
        {
            await client.CoreV1.CreateNamespacedSecretAsync(Secret(name), "ns", cancellationToken: ct);
        }

        var status = await StatusOfAsync(() => client.CoreV1.ListNamespacedSecretAsync("ns", limit: 1, continueParameter: first.Metadata.ContinueProperty, cancellationToken: ct));

        Assert.Equal((410, "Expired"), (status.Code, status.Reason));
        Assert.StartsWith("The provided continue parameter is too old to display a consistent list result.", status.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task ListAcrossNamespaces_ReturnsEveryNamespace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync(new() { Namespaces = ["ns", "other"] });
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("b"), "other", cancellationToken: ct);

        var all = await client.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: ct);

        Assert.Equal(["ns/a", "other/b"], all.Items.Select(i => $"{i.Metadata.NamespaceProperty}/{i.Metadata.Name}"));
    }

    [Fact(Timeout = 10_000)]
    public async Task List_AtAnExactResourceVersion_ShowsTheStateThen()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var a = await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("b"), "ns", cancellationToken: ct);

        var then = await client.CoreV1.ListNamespacedSecretAsync("ns", resourceVersion: a.Metadata.ResourceVersion, resourceVersionMatch: "Exact", cancellationToken: ct);
        var now = await client.CoreV1.ListNamespacedSecretAsync("ns", resourceVersion: "0", cancellationToken: ct);
        var invalid = await StatusOfAsync(() => client.CoreV1.ListNamespacedSecretAsync("ns", resourceVersionMatch: "Exact", cancellationToken: ct));

        Assert.Equal(["a"], then.Items.Select(i => i.Metadata.Name));
        Assert.Equal(a.Metadata.ResourceVersion, then.Metadata.ResourceVersion);
        Assert.Equal(["a", "b"], now.Items.Select(i => i.Metadata.Name));
        Assert.Equal("ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided", invalid.Message);
    }
}
