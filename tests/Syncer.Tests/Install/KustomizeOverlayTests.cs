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
    public static TheoryData<string> Overlays => RenderedManifests.Overlays;

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_Renders_EverythingInSyncerNamespace_ButTheWatchedNamespacesBindings(string overlay)
    {
        var rendered = await RenderedManifests.RenderAsync($"kustomize/overlays/{overlay}", TestContext.Current.CancellationToken);

        var clusterScoped = new HashSet<string> { "Namespace", "ClusterRole", "ClusterRoleBinding" };
        foreach (var obj in rendered.Objects.Where(o => !clusterScoped.Contains((string)o["kind"]!)))
        {
            var ns = (string?)obj["metadata"]?["namespace"];
            var watchedBinding = (string?)obj["kind"] == "RoleBinding" && rendered.WatchedNamespaces.Contains(ns!);
            Assert.True(ns == "syncer-system" || watchedBinding, $"{obj["kind"]} {obj["metadata"]?["name"]} is in namespace '{ns}'");
        }

        Assert.Equal("syncer-system", (string?)rendered.SingleOfKind("Namespace")["metadata"]?["name"]);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_Deployment_ReadsTheGeneratedConfigMap(string overlay)
    {
        var rendered = await RenderedManifests.RenderAsync($"kustomize/overlays/{overlay}", TestContext.Current.CancellationToken);
        var configMap = rendered.Settings;
        var container = rendered.Container;

        // kustomize appends a content hash to the name, so a settings change rolls the pods.
        Assert.StartsWith("syncer-config-", (string?)configMap["metadata"]!["name"]);
        Assert.Equal((string?)configMap["metadata"]!["name"], (string?)container["envFrom"]![0]!["configMapRef"]!["name"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task Overlays_DifferInLogLevelResourcesVaultRefreshNamespacesAndImage_AndOnlyDevRunsOneReplica()
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
                rendered.Settings["data"]!.AsObject());
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

        // Replicas elect a leader through a Lease (PRODUCT.md promise 8): staging and prod keep a warm standby.
        Assert.Equal(1, settings["dev"].Replicas);
        Assert.Equal(2, settings["staging"].Replicas);
        Assert.Equal(2, settings["prod"].Replicas);
        Assert.Equal("Debug", (string?)settings["dev"].Config["Logging__LogLevel__Default"]);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_ConfigMap_BindsToSyncersOptions(string overlay)
    {
        var rendered = await RenderedManifests.RenderAsync($"kustomize/overlays/{overlay}", TestContext.Current.CancellationToken);
        var data = rendered.Settings["data"]!.AsObject();
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
    public async Task StagingAndProd_HaveMonitoring_DevNone()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var overlay in new[] { "staging", "prod" })
        {
            var rendered = await RenderedManifests.RenderOverlayAsync(overlay, ct);
            Assert.Single(rendered.OfKind("ServiceMonitor"));
            Assert.Single(rendered.OfKind("PrometheusRule"));
            Assert.Single(rendered.OfKind("ConfigMap"), c => (string?)c["metadata"]!["name"] == "syncer-grafana-dashboard");
        }

        // dev runs on kind, which has no Prometheus Operator CRDs: a ServiceMonitor would fail `kubectl apply -k`.
        var dev = await RenderedManifests.RenderOverlayAsync("dev", ct);
        Assert.DoesNotContain(dev.Objects, o => ((string)o["apiVersion"]!).StartsWith("monitoring.coreos.com/", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task E2eKustomization_UsesTheLocalImageNeverPulled()
    {
        var rendered = await RenderedManifests.RenderAsync("tests/e2e", TestContext.Current.CancellationToken);
        var container = rendered.Container;

        Assert.Equal("syncer:e2e", (string?)container["image"]);
        Assert.Equal("Never", (string?)container["imagePullPolicy"]);
    }
}
