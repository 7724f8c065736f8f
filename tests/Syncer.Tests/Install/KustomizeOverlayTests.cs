using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Syncer.Discovery;
using Syncer.Spec;
using Syncer.Vault.Configuration;

namespace Syncer.Tests.Install;

/// <summary>The install as admins apply it: `kubectl apply -k kustomize/overlays/ENV`, rendered by the real kubectl.</summary>
public sealed class KustomizeOverlayTests
{
    public static TheoryData<string> Overlays => ["dev", "staging", "prod"];

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_Renders_EverythingInSyncerNamespace(string overlay)
    {
        var rendered = await RenderedManifests.RenderAsync($"kustomize/overlays/{overlay}", TestContext.Current.CancellationToken);

        var clusterScoped = new HashSet<string> { "Namespace", "ClusterRole", "ClusterRoleBinding" };
        foreach (var obj in rendered.Objects.Where(o => !clusterScoped.Contains((string)o["kind"]!)))
        {
            Assert.Equal("syncer-system", (string?)obj["metadata"]?["namespace"]);
        }

        Assert.Equal("syncer-system", (string?)rendered.SingleOfKind("Namespace")["metadata"]?["name"]);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_Deployment_RunsAsNonRootWithReadOnlyRootFilesystem(string overlay)
    {
        var rendered = await RenderedManifests.RenderAsync($"kustomize/overlays/{overlay}", TestContext.Current.CancellationToken);
        var pod = rendered.Single("Deployment", "syncer")["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;

        Assert.True(RenderedManifests.Bool(pod["securityContext"]!["runAsNonRoot"]));
        Assert.True(RenderedManifests.Long(pod["securityContext"]!["runAsUser"]) > 0);
        Assert.True(RenderedManifests.Bool(container["securityContext"]!["readOnlyRootFilesystem"]));
        Assert.False(RenderedManifests.Bool(container["securityContext"]!["allowPrivilegeEscalation"]));
        Assert.Equal("ALL", (string?)container["securityContext"]!["capabilities"]!["drop"]![0]);
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_Deployment_ReadsTheGeneratedConfigMap(string overlay)
    {
        var rendered = await RenderedManifests.RenderAsync($"kustomize/overlays/{overlay}", TestContext.Current.CancellationToken);
        var configMap = rendered.SingleOfKind("ConfigMap");
        var container = rendered.Single("Deployment", "syncer")["spec"]!["template"]!["spec"]!["containers"]![0]!;

        // kustomize appends a content hash to the name, so a settings change rolls the pods.
        Assert.StartsWith("syncer-config-", (string?)configMap["metadata"]!["name"]);
        Assert.Equal((string?)configMap["metadata"]!["name"], (string?)container["envFrom"]![0]!["configMapRef"]!["name"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task Overlays_DifferInLogLevelResourcesVaultRefreshNamespacesAndImage_AndEachRunsOneReplica()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, (long Replicas, string Image, string Memory, JsonObject Config)>();
        foreach (var overlay in new[] { "dev", "staging", "prod" })
        {
            var rendered = await RenderedManifests.RenderAsync($"kustomize/overlays/{overlay}", ct);
            var deployment = rendered.Single("Deployment", "syncer");
            var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
            settings[overlay] = (
                RenderedManifests.Long(deployment["spec"]!["replicas"]),
                (string)container["image"]!,
                (string)container["resources"]!["limits"]!["memory"]!,
                rendered.SingleOfKind("ConfigMap")["data"]!.AsObject());
        }

        static void AllDiffer<T>(IEnumerable<T> values) => Assert.Equal(values.Count(), values.Distinct().Count());
        AllDiffer(settings.Values.Select(s => s.Image));
        AllDiffer(settings.Values.Select(s => s.Memory));
        foreach (var key in new[] { "Logging__LogLevel__Default", "VAULT_ADDR", "Syncer__Sync__DefaultRefresh" })
        {
            AllDiffer(settings.Values.Select(s => (string?)s.Config[key]));
        }

        // .NET binds Section__List__0, __1, ... into a list; no entry means every namespace.
        static string Watched(JsonObject config) => string.Join(',', config
            .Where(kv => kv.Key.StartsWith("Syncer__Discovery__WatchNamespaces__", StringComparison.Ordinal))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (string?)kv.Value));
        AllDiffer(settings.Values.Select(s => Watched(s.Config)));
        Assert.Equal("", Watched(settings["dev"].Config));

        // Until replicas elect a leader through a Lease (PRODUCT.md promise 8), a second replica would sync and write too.
        Assert.All(settings.Values, s => Assert.Equal(1, s.Replicas));
        Assert.Equal("Debug", (string?)settings["dev"].Config["Logging__LogLevel__Default"]);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_ConfigMap_BindsToSyncersOptions(string overlay)
    {
        var rendered = await RenderedManifests.RenderAsync($"kustomize/overlays/{overlay}", TestContext.Current.CancellationToken);
        var data = rendered.SingleOfKind("ConfigMap")["data"]!.AsObject();
        // As the container sees them: environment variables, Section__Key.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(data.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), (string?)kv.Value)))
            .Build();

        var spec = configuration.GetSection(SpecOptions.SectionName).Get<SpecOptions>()!;
        var discovery = configuration.GetSection(DiscoveryOptions.SectionName).Get<DiscoveryOptions>() ?? new DiscoveryOptions();
        var vault = configuration.GetSection("Vault").Get<VaultClientSettings>()!;

        Assert.Equal(TimeSpan.Parse((string)data["Syncer__Sync__DefaultRefresh"]!, CultureInfo.InvariantCulture), spec.DefaultRefresh);
        Assert.False(data.ContainsKey("Syncer__Sync__Namespace")); // the pod's own namespace (service-account file) is the default
        Assert.Equal(data.Count(kv => kv.Key.StartsWith("Syncer__Discovery__WatchNamespaces__", StringComparison.Ordinal)), discovery.WatchNamespaces.Count);
        Assert.Equal(VaultAuthMethods.Kubernetes, vault.Auth.Method);
        Assert.Equal("syncer", vault.Auth.Role);
    }

    [Fact(Timeout = 60_000)]
    public async Task Prod_HasServiceMonitor_DevHasNone()
    {
        var ct = TestContext.Current.CancellationToken;
        var prod = await RenderedManifests.RenderAsync("kustomize/overlays/prod", ct);
        var dev = await RenderedManifests.RenderAsync("kustomize/overlays/dev", ct);

        Assert.Single(prod.OfKind("ServiceMonitor"));
        Assert.Empty(dev.OfKind("ServiceMonitor"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Rbac_GrantsNoSecretCreateOrDeleteClusterWide()
    {
        var rendered = await RenderedManifests.RenderAsync("kustomize/overlays/prod", TestContext.Current.CancellationToken);
        var rules = rendered.Single("ClusterRole", "syncer")["rules"]!.AsArray();

        var secretVerbs = rules
            .Where(r => r!["resources"]!.AsArray().Any(x => (string?)x == "secrets"))
            .SelectMany(r => r!["verbs"]!.AsArray().Select(v => (string)v!))
            .ToHashSet();
        Assert.Subset(new HashSet<string> { "get", "list", "watch", "patch", "update" }, secretVerbs);
        Assert.DoesNotContain(rules, r => r!["verbs"]!.AsArray().Any(v => (string?)v == "*"));
    }

    [Fact(Timeout = 60_000)]
    public async Task E2eKustomization_UsesTheLocalImageNeverPulled()
    {
        var rendered = await RenderedManifests.RenderAsync("tests/e2e", TestContext.Current.CancellationToken);
        var container = rendered.Single("Deployment", "syncer")["spec"]!["template"]!["spec"]!["containers"]![0]!;

        Assert.Equal("syncer:e2e", (string?)container["image"]);
        Assert.Equal("Never", (string?)container["imagePullPolicy"]);
    }
}
