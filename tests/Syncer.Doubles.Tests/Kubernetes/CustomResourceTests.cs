using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>
/// CustomResourceDefinitions and the resources they define, as apiextensions-apiserver serves them: established at
/// once, discovery and OpenAPI for the new group-version, generic storage (namespaced or cluster scope) with every
/// verb, no strategic merge patch and no protobuf, generation on any change but metadata, and the resources gone
/// with their definition. Applied with the real kubectl, validation on, as a user applies the Prometheus Operator's.
/// </summary>
public sealed class CustomResourceTests
{
    private static readonly string Crds = Path.Combine(Repository.Root, "tests", "e2e", "prometheus-operator-crds.yaml");

    [Fact(Timeout = 60_000)]
    public async Task KubectlApply_OfTheCrdsAndThenOfAServiceMonitor_WithValidation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        var monitor = kubectl.WriteFile("monitor.yaml", """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: syncer, namespace: ns}
            spec:
              selector: {matchLabels: {app: syncer}}
              endpoints: [{port: http, path: /metrics}]
            """);

        var crds = await kubectl.RunAsync(ct, "apply", "-f", Crds);
        var applied = await kubectl.RunAsync(ct, "apply", "-f", monitor);
        var again = await kubectl.RunAsync(ct, "apply", "-f", monitor);
        var listed = await kubectl.RunAsync(ct, "get", "servicemonitors", "-n", "ns", "-o", "name");
        var established = await kubectl.RunAsync(ct, "wait", "--for=condition=Established", "crd/servicemonitors.monitoring.coreos.com", "--timeout=5s");

        Assert.True(crds.Code == 0, crds.Output);
        Assert.True(applied.Code == 0, applied.Output);
        Assert.Contains("servicemonitor.monitoring.coreos.com/syncer created", applied.Output, StringComparison.Ordinal);
        Assert.Contains("servicemonitor.monitoring.coreos.com/syncer unchanged", again.Output, StringComparison.Ordinal);
        Assert.Equal("servicemonitor.monitoring.coreos.com/syncer", listed.Output.Trim());
        Assert.Equal(0, established.Code);
    }

    [Fact(Timeout = 30_000)]
    public async Task CustomResources_AreStoredServedAndDeletedWithTheirDefinition()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        using var client = Client(api);
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Definition("widgets", "Widget", "Cluster"), cancellationToken: ct);
        const string Widgets = "/apis/example.com/v1/widgets";

        var discovery = (await RawAsync(api, HttpMethod.Get, "/apis/example.com/v1")).Body!;
        var openapi = (await RawAsync(api, HttpMethod.Get, "/openapi/v3")).Body!;
        var (createdStatus, created, _) = await RawAsync(api, HttpMethod.Post, Widgets, Widget("w", 1).ToJsonString());
        var spec = (await RawAsync(api, HttpMethod.Patch, Widgets + "/w", """{"spec":{"size":2}}""", "application/merge-patch+json")).Body!;
        var labelled = (await RawAsync(api, HttpMethod.Patch, Widgets + "/w", """{"metadata":{"labels":{"a":"b"}}}""", "application/merge-patch+json")).Body!;
        var listed = (await RawAsync(api, HttpMethod.Get, Widgets)).Body!;
        var (smp, smpBody, _) = await RawAsync(api, HttpMethod.Patch, Widgets + "/w", "{}", "application/strategic-merge-patch+json");
        var (proto, _, _) = await RawAsync(api, HttpMethod.Post, Widgets, "k8s\0", "application/vnd.kubernetes.protobuf");
        await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets.example.com", cancellationToken: ct);
        var (gone, _, _) = await RawAsync(api, HttpMethod.Get, Widgets + "/w");

        Assert.Equal(("widgets", "Widget", false), ((string?)discovery["resources"]![0]!["name"], (string?)discovery["resources"]![0]!["kind"], (bool?)discovery["resources"]![0]!["namespaced"]));
        Assert.NotNull(openapi["paths"]!["apis/example.com/v1"]);
        Assert.Equal(201, createdStatus);
        Assert.Equal(1L, (long)created!["metadata"]!["generation"]!);
        Assert.Equal(("WidgetList", "w"), ((string?)listed["kind"], (string?)listed["items"]![0]!["metadata"]!["name"]));
        Assert.Equal(2L, (long)spec["metadata"]!["generation"]!);
        Assert.Equal(2L, (long)labelled["metadata"]!["generation"]!);
        Assert.Equal(415, smp);
        Assert.Contains("application/apply-patch+yaml", (string?)smpBody!["message"], StringComparison.Ordinal);
        Assert.Equal(415, proto);
        Assert.Equal(404, gone);
    }

    [Fact(Timeout = 30_000)]
    public async Task ADefinition_NamedOtherThanPluralDotGroup_IsInvalid()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        using var client = Client(api);
        var crd = Definition("widgets", "Widget", "Namespaced");
        crd.Metadata.Name = "widget.example.com";

        var status = await StatusOfAsync(() => client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct));

        Assert.Equal(422, status.Code);
        Assert.Contains("metadata.name: Invalid value: \"widget.example.com\": must be spec.names.plural+\".\"+spec.group", status.Message, StringComparison.Ordinal);
    }

    private static V1CustomResourceDefinition Definition(string plural, string kind, string scope) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{plural}.example.com" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = "example.com",
            Scope = scope,
            Names = new V1CustomResourceDefinitionNames { Plural = plural, Kind = kind },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1", Served = true, Storage = true,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                },
            ],
        },
    };

    private static JsonObject Widget(string name, int size) => new()
    {
        ["apiVersion"] = "example.com/v1",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["size"] = size },
    };
}
