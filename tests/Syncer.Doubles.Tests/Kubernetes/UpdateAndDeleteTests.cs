using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

public sealed class UpdateAndDeleteTests
{
    [Fact(Timeout = 10_000)]
    public async Task Create_Twice_Answers409AlreadyExists()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);

        var status = await StatusOfAsync(() => client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct));

        Assert.Equal((409, "AlreadyExists", "secrets \"a\" already exists"), (status.Code, status.Reason, status.Message));
        Assert.Equal("secrets", status.Details.Kind);
    }

    [Fact(Timeout = 10_000)]
    public async Task Get_Missing_Answers404WithGroupQualifiedResource()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var status = await StatusOfAsync(() => Client(api).AppsV1.ReadNamespacedDeploymentAsync("web", "ns", cancellationToken: ct));

        Assert.Equal((404, "deployments.apps \"web\" not found"), (status.Code, status.Message));
        Assert.Equal(("web", "apps", "deployments"), (status.Details.Name, status.Details.Group, status.Details.Kind));
    }

    [Fact(Timeout = 10_000)]
    public async Task Update_WithStaleResourceVersion_Answers409Conflict_EvenWhenTheBodyIsInvalid()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var stale = await client.CoreV1.CreateNamespacedSecretAsync(Secret("a", ("k", "1")), "ns", cancellationToken: ct);
        await client.CoreV1.ReplaceNamespacedSecretAsync(Secret("a", ("k", "2")), "a", "ns", cancellationToken: ct);
        stale.Data = new Dictionary<string, byte[]> { ["bad key"] = [1] };

        var status = await StatusOfAsync(() => client.CoreV1.ReplaceNamespacedSecretAsync(stale, "a", "ns", cancellationToken: ct));

        Assert.Equal(409, status.Code);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Operation cannot be fulfilled on secrets \"a\": the object has been modified; please apply your changes to the latest version and try again", status.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task Update_WithoutResourceVersion_IsUnconditionalForSecrets_But422ForLeases()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a", ("k", "1")), "ns", cancellationToken: ct);
        await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new() { Name = "l" }, Spec = new() { HolderIdentity = "x" } }, "ns", cancellationToken: ct);

        var updated = await client.CoreV1.ReplaceNamespacedSecretAsync(Secret("a", ("k", "2")), "a", "ns", cancellationToken: ct);
        var status = await StatusOfAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(
            new V1Lease { Metadata = new() { Name = "l" }, Spec = new() { HolderIdentity = "y" } }, "l", "ns", cancellationToken: ct));

        Assert.Equal("2", System.Text.Encoding.UTF8.GetString(updated.Data["k"]));
        Assert.Equal(422, status.Code);
        Assert.Equal("Lease.coordination.k8s.io \"l\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", status.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task Update_Missing_Answers404()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var status = await StatusOfAsync(() => Client(api).CoreV1.ReplaceNamespacedSecretAsync(Secret("a"), "a", "ns", cancellationToken: ct));

        Assert.Equal(404, status.Code);
    }

    [Fact(Timeout = 10_000)]
    public async Task Update_ThatChangesNothing_KeepsTheResourceVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var created = await client.CoreV1.CreateNamespacedSecretAsync(Secret("a", ("k", "1")), "ns", cancellationToken: ct);

        var same = await client.CoreV1.ReplaceNamespacedSecretAsync(created, "a", "ns", cancellationToken: ct);

        Assert.Equal(created.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
    }

    [Fact(Timeout = 10_000)]
    public async Task Delete_AnswersSuccessStatusWithDetails_AndTheObjectIsGone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var created = await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);

        var (code, body, _) = await RawAsync(api, HttpMethod.Delete, "/api/v1/namespaces/ns/secrets/a");
        var (after, _, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets/a");

        Assert.Equal(200, code);
        Assert.Equal("Status", (string?)body!["kind"]);
        Assert.Equal("Success", (string?)body["status"]);
        Assert.Equal("a", (string?)body["details"]!["name"]);
        Assert.Equal("secrets", (string?)body["details"]!["kind"]);
        Assert.Equal(created.Metadata.Uid, (string?)body["details"]!["uid"]);
        Assert.Equal(404, after);
    }

    [Fact(Timeout = 10_000)]
    public async Task Delete_WithFinalizers_OnlyMarksTheObject_UntilTheyAreRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var s = Secret("a");
        s.Metadata.Finalizers = ["example.com/hold"];
        await client.CoreV1.CreateNamespacedSecretAsync(s, "ns", cancellationToken: ct);

        await client.CoreV1.DeleteNamespacedSecretAsync("a", "ns", cancellationToken: ct);
        var marked = await client.CoreV1.ReadNamespacedSecretAsync("a", "ns", cancellationToken: ct);
        await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct);

        Assert.NotNull(marked.Metadata.DeletionTimestamp);
        var status = await StatusOfAsync(() => client.CoreV1.ReadNamespacedSecretAsync("a", "ns", cancellationToken: ct));
        Assert.Equal(404, status.Code);
    }

    [Fact(Timeout = 10_000)]
    public async Task DeleteNamespace_RemovesItsObjects()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);

        await client.CoreV1.DeleteNamespaceAsync("ns", cancellationToken: ct);

        Assert.Empty((await client.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: ct)).Items);
        Assert.DoesNotContain("ns", (await client.CoreV1.ListNamespaceAsync(cancellationToken: ct)).Items.Select(n => n.Metadata.Name));
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_WithoutKindAndApiVersion_IsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var ns = await Client(api).CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "fresh" } }, cancellationToken: ct);

        Assert.Equal("Active", ns.Status.Phase);
        Assert.Equal("fresh", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task DryRunAll_ValidatesAndAnswers_ButStoresNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var before = api.ResourceVersion;

        var created = await client.CoreV1.CreateNamespacedSecretAsync(Secret("a", ("k", "v")), "ns", dryRun: "All", cancellationToken: ct);
        var invalid = await StatusOfAsync(() => client.CoreV1.CreateNamespacedSecretAsync(Secret("b", ("bad key", "v")), "ns", dryRun: "All", cancellationToken: ct));

        Assert.Equal("a", created.Metadata.Name);
        Assert.NotNull(created.Metadata.Uid);
        Assert.Equal(422, invalid.Code);
        Assert.Equal(before, api.ResourceVersion);
        Assert.Equal(404, (await StatusOfAsync(() => client.CoreV1.ReadNamespacedSecretAsync("a", "ns", cancellationToken: ct))).Code);
    }

    [Fact(Timeout = 10_000)]
    public async Task DeleteCollection_WithLabelSelector_DeletesOnlyMatchingObjects()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var doomed = Secret("doomed");
        doomed.Metadata.Labels = new Dictionary<string, string> { ["tmp"] = "yes" };
        await client.CoreV1.CreateNamespacedSecretAsync(doomed, "ns", cancellationToken: ct);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("kept"), "ns", cancellationToken: ct);

        await client.CoreV1.DeleteCollectionNamespacedSecretAsync("ns", labelSelector: "tmp=yes", cancellationToken: ct);

        Assert.Equal(["kept"], (await client.CoreV1.ListNamespacedSecretAsync("ns", cancellationToken: ct)).Items.Select(i => i.Metadata.Name));
        Assert.Equal(1, api.Requests.Count("deletecollection", "secrets"));
    }

    [Fact(Timeout = 10_000)]
    public async Task DeleteServiceAccount_ReturnsTheDeletedObject()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        await RawAsync(api, HttpMethod.Post, "/api/v1/namespaces/ns/serviceaccounts", """{"metadata":{"name":"sa"}}""");

        var (code, body, _) = await RawAsync(api, HttpMethod.Delete, "/api/v1/namespaces/ns/serviceaccounts/sa");

        Assert.Equal(200, code);
        Assert.Equal("ServiceAccount", (string?)body!["kind"]);
        Assert.Equal("sa", (string?)body["metadata"]!["name"]);
        Assert.False(ct.IsCancellationRequested);
    }

    [Fact(Timeout = 10_000)]
    public async Task ReplaceStatus_ChangesOnlyTheStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var d = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "ns", cancellationToken: ct);
        d.Status = new k8s.Models.V1DeploymentStatus { ObservedGeneration = 1, Replicas = 1 };
        d.Spec.Replicas = 5;

        var updated = await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, "web", "ns", cancellationToken: ct);

        Assert.Equal(1, updated.Status.ObservedGeneration);
        Assert.Equal(1, updated.Spec.Replicas);
        Assert.Equal(1, updated.Metadata.Generation);
        Assert.Equal(1, api.Requests.Count("update", "deployments/status"));
    }
}
