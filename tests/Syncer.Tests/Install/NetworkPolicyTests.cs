using System.Net;
using System.Text.Json.Nodes;

namespace Syncer.Tests.Install;

/// <summary>Egress to the API server, Vault and DNS only; ingress to the metrics port only.</summary>
public sealed class NetworkPolicyTests
{
    public static TheoryData<string> Overlays => RenderedManifests.Overlays;

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Policy_SelectsSyncer_AndAdmitsOnlyTheMetricsPort(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);
        var spec = rendered.Single("NetworkPolicy", "syncer")["spec"]!;
        var podLabels = rendered.Single("Deployment", "syncer")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

        Assert.All(spec["podSelector"]!["matchLabels"]!.AsObject(), kv => Assert.Equal((string?)kv.Value, (string?)podLabels[kv.Key]));
        Assert.Equal(["Ingress", "Egress"], spec["policyTypes"]!.AsArray().Select(t => (string?)t));
        var ingress = Assert.Single(spec["ingress"]!.AsArray())!;
        var port = Assert.Single(ingress["ports"]!.AsArray())!;
        Assert.Equal((string?)Assert.Single(rendered.Container["ports"]!.AsArray())!["name"], (string?)port["port"]);
        Assert.Equal("TCP", (string?)port["protocol"]);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Egress_GoesToTheApiServerVaultAndDnsOnly_AtTheOverlaysAddresses(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);
        var parameters = RenderedManifests.ReadYamlFile($"kustomize/overlays/{overlay}/install-parameters.yaml")["spec"]!;
        var egress = rendered.Single("NetworkPolicy", "syncer")["spec"]!["egress"]!.AsArray();
        var vaultAddress = new Uri((string)rendered.Settings["data"]!["VAULT_ADDR"]!);

        Assert.Equal(3, egress.Count);
        Assert.All(egress, rule => Assert.NotNull(rule!["to"])); // a rule without `to` would allow every destination

        Assert.Equal((string?)parameters["apiServer"]!["cidr"], Cidr(egress[0]!));
        Assert.Equal(["TCP 443", "TCP 6443"], Ports(egress[0]!));

        Assert.Equal((string?)parameters["vault"]!["cidr"], Cidr(egress[1]!));
        Assert.Equal([$"TCP {vaultAddress.Port}"], Ports(egress[1]!));
        Assert.Equal(RenderedManifests.Long(parameters["vault"]!["port"]), vaultAddress.Port);

        var dns = Assert.Single(egress[2]!["to"]!.AsArray())!;
        Assert.Equal("kube-system", (string?)dns["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]);
        Assert.Equal("kube-dns", (string?)dns["podSelector"]!["matchLabels"]!["k8s-app"]);
        Assert.Equal(["UDP 53", "TCP 53"], Ports(egress[2]!));

        foreach (var cidr in new[] { Cidr(egress[0]!), Cidr(egress[1]!) })
        {
            var network = IPNetwork.Parse(cidr);
            Assert.True(network.PrefixLength >= 8, $"{cidr} is wider than a network's addresses");
            Assert.False(IPNetwork.Parse("192.0.2.0/24").Contains(network.BaseAddress), $"{cidr} is the placeholder: install-parameters.yaml was not applied");
        }
    }

    private static string Cidr(JsonNode rule) => (string)Assert.Single(rule["to"]!.AsArray())!["ipBlock"]!["cidr"]!;

    private static IEnumerable<string> Ports(JsonNode rule) => rule["ports"]!.AsArray().Select(p => $"{(string?)p!["protocol"]} {(string?)p["port"]}");
}
