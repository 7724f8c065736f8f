using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Syncer.Vault.Configuration;

namespace Syncer.Tests.Install;

/// <summary>The Deployment as each overlay renders it: hardened, probed, and logging in to Vault with its own token.</summary>
public sealed class DeploymentTests
{
    private const string ApiServerTokenFile = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    public static TheoryData<string> Overlays => RenderedManifests.Overlays;

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Deployment_RunsAsNonRootNumericUser_ReadOnlyRoot_NoCapabilities_RuntimeDefaultSeccomp(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);
        var pod = rendered.PodSpec["securityContext"]!;
        var container = rendered.Container["securityContext"]!;

        Assert.True(RenderedManifests.Bool(pod["runAsNonRoot"]));
        Assert.True(RenderedManifests.Long(pod["runAsUser"]) > 0);
        Assert.True(RenderedManifests.Long(pod["runAsGroup"]) > 0);
        Assert.Equal("RuntimeDefault", (string?)pod["seccompProfile"]!["type"]);
        Assert.True(RenderedManifests.Bool(container["runAsNonRoot"]));
        Assert.True(RenderedManifests.Long(container["runAsUser"]) > 0);
        Assert.True(RenderedManifests.Bool(container["readOnlyRootFilesystem"]));
        Assert.False(RenderedManifests.Bool(container["allowPrivilegeEscalation"]));
        Assert.False(RenderedManifests.Bool(container["privileged"]));
        Assert.Equal(["ALL"], container["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c));
        Assert.Null(container["capabilities"]!["add"]);
        Assert.Equal("RuntimeDefault", (string?)container["seccompProfile"]!["type"]);
        Assert.Equal("restricted", (string?)rendered.SingleOfKind("Namespace")["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Deployment_HasResourcesProbesAndItsIdentityFromTheDownwardApi(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);
        var container = rendered.Container;

        Assert.NotNull(container["resources"]!["requests"]!["cpu"]);
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);
        Assert.NotNull(container["resources"]!["limits"]!["memory"]);
        var port = Assert.Single(container["ports"]!.AsArray())!;
        Assert.Equal(("/healthz", (string?)port["name"]), ((string?)container["livenessProbe"]!["httpGet"]!["path"], (string?)container["livenessProbe"]!["httpGet"]!["port"]));
        Assert.Equal(("/readyz", (string?)port["name"]), ((string?)container["readinessProbe"]!["httpGet"]!["path"], (string?)container["readinessProbe"]!["httpGet"]!["port"]));
        Assert.Equal("/healthz", (string?)container["startupProbe"]!["httpGet"]!["path"]);
        Assert.Equal("metadata.name", FieldRef(container, "POD_NAME"));
        Assert.Equal("metadata.namespace", FieldRef(container, "POD_NAMESPACE"));
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task VaultLogin_ReadsAProjectedTokenWithTheOverlaysAudience_NeverTheApiServerToken(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);
        var parameters = RenderedManifests.ReadYamlFile($"kustomize/overlays/{overlay}/install-parameters.yaml")["spec"]!;
        var volume = Assert.Single(rendered.PodSpec["volumes"]!.AsArray(), v => v!["projected"] is not null)!;
        var token = Assert.Single(volume["projected"]!["sources"]!.AsArray())!["serviceAccountToken"]!;
        var mount = Assert.Single(rendered.Container["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == (string?)volume["name"])!;

        Assert.Equal((string?)parameters["vault"]!["audience"], (string?)token["audience"]);
        Assert.InRange(RenderedManifests.Long(token["expirationSeconds"]), 600, 3600); // 600 is the API server's minimum
        Assert.True(RenderedManifests.Bool(mount["readOnly"]));

        // The key the Vault client really binds (VaultClientSettings), as the container's environment sets it.
        var vault = rendered.Configuration.GetSection("Vault").Get<VaultClientSettings>()!;
        Assert.Equal(VaultAuthMethods.Kubernetes, vault.Auth.Method);
        Assert.Equal($"{(string)mount["mountPath"]!}/{(string)token["path"]!}", vault.Auth.JwtFile);
        Assert.NotEqual(ApiServerTokenFile, vault.Auth.JwtFile);

        // The API-server token is still mounted, for the KubernetesClient's in-cluster configuration.
        Assert.True(RenderedManifests.Bool(rendered.PodSpec["automountServiceAccountToken"]));
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Image_HasAPinnedTag_NeverLatest(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);
        var image = (string)rendered.Container["image"]!;
        var tag = image[(image.LastIndexOf(':') + 1)..];

        Assert.StartsWith("ghcr.io/syncer-io/syncer:", image, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", tag);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task SeveralReplicas_SpreadOverNodes_WithADisruptionBudget_OneReplicaHasNone(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);
        var replicas = RenderedManifests.Long(rendered.Single("Deployment", "syncer")["spec"]!["replicas"]);
        var podLabels = rendered.Single("Deployment", "syncer")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

        if (replicas == 1)
        {
            // A budget of minAvailable 1 over one replica would block every node drain.
            Assert.Empty(rendered.OfKind("PodDisruptionBudget"));
            return;
        }

        var budget = rendered.SingleOfKind("PodDisruptionBudget")["spec"]!;
        Assert.Equal(1, RenderedManifests.Long(budget["minAvailable"]));
        Assert.True(Selects(budget["selector"]!, podLabels));
        var byNode = Assert.Single(rendered.PodSpec["topologySpreadConstraints"]!.AsArray(), c => (string?)c!["topologyKey"] == "kubernetes.io/hostname")!;
        Assert.Equal("DoNotSchedule", (string?)byNode["whenUnsatisfiable"]);
        Assert.Equal(1, RenderedManifests.Long(byNode["maxSkew"]));
        Assert.True(Selects(byNode["labelSelector"]!, podLabels));
    }

    private static string? FieldRef(JsonNode container, string name) =>
        (string?)Assert.Single(container["env"]!.AsArray(), e => (string?)e!["name"] == name)!["valueFrom"]!["fieldRef"]!["fieldPath"];

    private static bool Selects(JsonNode selector, JsonObject labels) =>
        selector["matchExpressions"] is null &&
        selector["matchLabels"]!.AsObject().All(kv => labels.TryGetPropertyValue(kv.Key, out var value) && (string?)value == (string?)kv.Value);
}
