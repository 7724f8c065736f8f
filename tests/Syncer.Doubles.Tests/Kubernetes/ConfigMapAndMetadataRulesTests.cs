using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

public sealed class ConfigMapAndMetadataRulesTests
{
    [Fact(Timeout = 10_000)]
    public async Task ImmutableConfigMap_RejectsDataChange()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new() { Name = "c" },
            Data = new Dictionary<string, string> { ["k"] = "v" },
            Immutable = true,
        }, "ns", cancellationToken: ct);

        var status = await StatusOfAsync(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"k":"w"}}""", V1Patch.PatchType.MergePatch), "c", "ns", cancellationToken: ct));

        Assert.Equal("ConfigMap \"c\" is invalid: data: Forbidden: field is immutable when `immutable` is set", status.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task Annotations_OverTheTotalSizeLimit_Answer422()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var s = Secret("a");
        s.Metadata.Annotations = new Dictionary<string, string> { ["big"] = new string('x', 256 * 1024) };

        var status = await StatusOfAsync(() => Client(api).CoreV1.CreateNamespacedSecretAsync(s, "ns", cancellationToken: ct));

        Assert.Equal("Secret \"a\" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes", status.Message);
    }
}
