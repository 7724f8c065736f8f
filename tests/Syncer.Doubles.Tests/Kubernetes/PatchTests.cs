using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

public sealed class PatchTests
{
    [Fact(Timeout = 10_000)]
    public async Task JsonPatch_WithEscapedAnnotationKey_SetsRestartedAt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var d = Deployment("web");
        d.Spec.Template.Metadata.Annotations = new Dictionary<string, string> { ["a"] = "b" };
        await client.AppsV1.CreateNamespacedDeploymentAsync(d, "ns", cancellationToken: ct);

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """[{"op":"add","path":"/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt","value":"2025-01-01T10:00:00Z"}]""",
            V1Patch.PatchType.JsonPatch), "web", "ns", cancellationToken: ct);

        Assert.Equal("2025-01-01T10:00:00Z", patched.Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"]);
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact(Timeout = 10_000)]
    public async Task JsonPatch_FailedTest_Answers422()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "ns", cancellationToken: ct);

        var status = await StatusOfAsync(() => client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """[{"op":"test","path":"/spec/replicas","value":5}]""", V1Patch.PatchType.JsonPatch), "web", "ns", cancellationToken: ct));

        Assert.Equal(422, status.Code);
    }

    [Fact(Timeout = 10_000)]
    public async Task JsonPatch_TestAgainstNull_PassesOnlyWhenTheMemberIsAbsent_AndAFailureChangesNothing()
    {
        // evanphx/json-patch v4, as the API server applies it: a test against null passes when the member is absent;
        // any failing operation refuses the whole patch with the generic 422 and the library's text as the cause.
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var empty = await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "empty", Annotations = new Dictionary<string, string> { ["a"] = "1" } } }, "ns", cancellationToken: ct);
        var full = await client.CoreV1.CreateNamespacedSecretAsync(Secret("full", ("k", "1")), "ns", cancellationToken: ct);
        const string Fill = """[{"op":"test","path":"/metadata/resourceVersion","value":"RV"},{"op":"test","path":"/data","value":null},{"op":"add","path":"/data","value":{"k":"Mg=="}},{"op":"add","path":"/metadata/annotations/x~1y","value":"z"}]""";

        var filled = await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(Fill.Replace("RV", empty.Metadata.ResourceVersion, StringComparison.Ordinal), V1Patch.PatchType.JsonPatch), "empty", "ns", cancellationToken: ct);
        var refused = await StatusOfAsync(() => client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(Fill.Replace("RV", full.Metadata.ResourceVersion, StringComparison.Ordinal), V1Patch.PatchType.JsonPatch), "full", "ns", cancellationToken: ct));
        var moved = await StatusOfAsync(() => client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(Fill.Replace("RV", empty.Metadata.ResourceVersion, StringComparison.Ordinal), V1Patch.PatchType.JsonPatch), "empty", "ns", cancellationToken: ct));
        var after = await client.CoreV1.ReadNamespacedSecretAsync("full", "ns", cancellationToken: ct);

        Assert.Equal("2", System.Text.Encoding.UTF8.GetString(filled.Data["k"]));
        Assert.Equal("z", filled.Metadata.Annotations["x/y"]);
        Assert.Equal((422, "Invalid", "the server rejected our request due to an error in our request"), (refused.Code, refused.Reason, refused.Message));
        Assert.Equal("testing value /data failed: test failed", Assert.Single(refused.Details.Causes).Message);
        Assert.Equal("testing value /metadata/resourceVersion failed: test failed", Assert.Single(moved.Details.Causes).Message);
        Assert.Equal(full.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal("1", System.Text.Encoding.UTF8.GetString(after.Data["k"]));
    }

    [Fact(Timeout = 10_000)]
    public async Task MergePatch_NullDeletesKey_AndListsAreReplaced()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a", ("k", "1"), ("gone", "2")), "ns", cancellationToken: ct);
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "ns", cancellationToken: ct);

        var secret = await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"data":{"gone":null,"new":"dg=="}}""", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct);
        var deployment = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}""", V1Patch.PatchType.MergePatch), "web", "ns", cancellationToken: ct);

        Assert.Equal(["k", "new"], secret.Data.Keys.Order());
        Assert.Equal(["sidecar"], deployment.Spec.Template.Spec.Containers.Select(c => c.Name));
    }

    [Fact(Timeout = 10_000)]
    public async Task StrategicMergePatch_MergesContainersAndEnvByName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var d = Deployment("web");
        d.Spec.Template.Spec.Containers = [
            new V1Container { Name = "app", Image = "nginx", Env = [new V1EnvVar { Name = "A", Value = "1" }] },
            new V1Container { Name = "side", Image = "busybox" }];
        await client.AppsV1.CreateNamespacedDeploymentAsync(d, "ns", cancellationToken: ct);

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"STAKATER_A_SECRET","value":"abc"}]}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch), "web", "ns", cancellationToken: ct);

        Assert.Equal(["app", "side"], patched.Spec.Template.Spec.Containers.Select(c => c.Name));
        Assert.Equal("nginx", patched.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(["A", "STAKATER_A_SECRET"], patched.Spec.Template.Spec.Containers[0].Env.Select(e => e.Name));
    }

    [Fact(Timeout = 10_000)]
    public async Task StrategicMergePatch_PatchDeleteDirective_RemovesTheKeyedElement()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var d = Deployment("web");
        d.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = "2" }];
        await client.AppsV1.CreateNamespacedDeploymentAsync(d, "ns", cancellationToken: ct);

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","$patch":"delete"}]}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch), "web", "ns", cancellationToken: ct);

        Assert.Equal(["B"], patched.Spec.Template.Spec.Containers[0].Env.Select(e => e.Name));
    }

    [Fact(Timeout = 10_000)]
    public async Task Patch_CarryingStaleResourceVersion_Answers409()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var created = await client.CoreV1.CreateNamespacedSecretAsync(Secret("a", ("k", "1")), "ns", cancellationToken: ct);
        await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"data":{"k":"Mg=="}}""", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct);

        var status = await StatusOfAsync(() => client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(
            $$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"data":{"k":"Mw=="}}""", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct));

        Assert.Equal((409, "Conflict"), (status.Code, status.Reason));
    }

    [Fact(Timeout = 10_000)]
    public async Task Patch_WithUnsupportedContentType_Answers415()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        await Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("a"), "ns", cancellationToken: ct);

        var (code, body, _) = await RawAsync(api, HttpMethod.Patch, "/api/v1/namespaces/ns/secrets/a", "{}", "application/json");

        Assert.Equal(415, code);
        Assert.Equal("UnsupportedMediaType", (string?)body!["reason"]);
        Assert.StartsWith("the body of the request was in an unknown format", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Patch_OnDeployment_NeverChangesStatus_ButStatusSubresourceDoes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "ns", cancellationToken: ct);

        var main = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"status":{"replicas":7}}""", V1Patch.PatchType.MergePatch), "web", "ns", cancellationToken: ct);
        var status = await client.AppsV1.PatchNamespacedDeploymentStatusAsync(new V1Patch("""{"status":{"observedGeneration":1,"replicas":1},"spec":{"replicas":9}}""", V1Patch.PatchType.MergePatch), "web", "ns", cancellationToken: ct);

        Assert.Null(main.Status.Replicas);
        Assert.Equal(1, status.Status.Replicas);
        Assert.Equal(1, status.Spec.Replicas);
        Assert.Equal(1, status.Metadata.Generation);
    }
}
