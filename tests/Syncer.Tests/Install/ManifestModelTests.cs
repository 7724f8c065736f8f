using k8s;
using k8s.Models;

namespace Syncer.Tests.Install;

/// <summary>
/// Every object each kustomization renders parses into the KubernetesClient's models with the strict deserializer,
/// which refuses unknown fields: a misspelt or misplaced field (`runAsNonroot`, `readOnlyRootFileSystem`) fails here
/// instead of being dropped silently by the API server.
/// </summary>
public sealed class ManifestModelTests
{
    private static readonly Dictionary<string, Type> CustomResources = new(StringComparer.Ordinal)
    {
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(CustomResource),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(CustomResource),
    };

    public static TheoryData<string> Kustomizations => ["kustomize/overlays/dev", "kustomize/overlays/staging", "kustomize/overlays/prod", "manifests", "tests/e2e"];

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Kustomizations))]
    public async Task EveryObject_ParsesStrictlyIntoTheClientsModels(string directory)
    {
        var rendered = await RenderedManifests.RenderAsync(directory, TestContext.Current.CancellationToken);

        var objects = KubernetesYaml.LoadAllFromString(rendered.Yaml, CustomResources, strict: true);

        Assert.Equal(rendered.Objects.Count, objects.Count);
        foreach (var (obj, json) in objects.Zip(rendered.Objects))
        {
            var kind = (string)json["kind"]!;
            var expectedModel = CustomResources.ContainsKey($"{json["apiVersion"]}/{kind}") ? nameof(CustomResource) : $"V1{kind}";
            Assert.Equal(expectedModel, obj.GetType().Name);
            Assert.Equal((string?)json["metadata"]!["name"], ((IMetadata<V1ObjectMeta>)obj).Metadata.Name);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task StrictParsing_RefusesAMisspeltField()
    {
        var rendered = await RenderedManifests.RenderOverlayAsync("prod", TestContext.Current.CancellationToken);
        var misspelt = rendered.Yaml.Replace("readOnlyRootFilesystem:", "readOnlyRootFileSystem:", StringComparison.Ordinal);

        Assert.NotEqual(rendered.Yaml, misspelt);
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => KubernetesYaml.LoadAllFromString(misspelt, CustomResources, strict: true));
    }

    /// <summary>A Prometheus Operator object: metadata checked strictly; its spec is checked by promtool (PrometheusRuleTests).</summary>
    public sealed class CustomResource : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();

        public Dictionary<string, object>? Spec { get; set; }
    }
}
