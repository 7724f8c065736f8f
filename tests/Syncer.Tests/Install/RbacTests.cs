using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Syncer.Sync;

namespace Syncer.Tests.Install;

/// <summary>
/// Least privilege, as rendered: exactly the verbs the code calls (issue 10's list), no wildcard, Secrets in
/// watched namespaces only, and the bindings matching each overlay's Syncer:Discovery:WatchNamespaces.
/// </summary>
public sealed class RbacTests
{
    /// <summary>Syncer:LeaderElection:LeaseName's default: the contract with the leader-election code (issue 10).</summary>
    public const string LeaseName = "syncer-leader";

    private const string WatchedRole = "syncer";
    private const string SelfRole = "syncer-self";

    public static TheoryData<string> Overlays => RenderedManifests.Overlays;

    public static TheoryData<string> NamespacedOverlays => ["staging", "prod"];

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task Roles_GrantExactlyTheVerbsSyncerCalls(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);
        var hmacKeySecret = (rendered.Configuration.GetSection(SyncOptions.SectionName).Get<SyncOptions>() ?? new SyncOptions()).HmacKeySecretName;

        // What each namespace Syncer watches sees (informers, the sync's get and patch, rollouts, Events).
        AssertSameGrants(
            [
                "/secrets get", "/secrets list", "/secrets watch", "/secrets patch",
                "/events create",
                .. new[] { "deployments", "statefulsets", "daemonsets" }.SelectMany(r => new[] { "get", "list", "watch", "patch" }.Select(v => $"apps/{r} {v}")),
            ],
            Grants(rendered.Single("ClusterRole", WatchedRole)));
        // Its own namespace: the Lease (LeaseLock: get, create, update), the hash key (created once, then read and kept)
        // and the Warnings recorded on it.
        AssertSameGrants(
            [
                "coordination.k8s.io/leases create",
                $"coordination.k8s.io/leases get {LeaseName}", $"coordination.k8s.io/leases update {LeaseName}",
                "/secrets create",
                $"/secrets get {hmacKeySecret}",
                "/events create",
            ],
            Grants(rendered.Single("Role", SelfRole)));
        Assert.Equal("syncer-system", (string?)rendered.Single("Role", SelfRole)["metadata"]!["namespace"]);
        Assert.Equal(2, rendered.Objects.Count(o => (string?)o["kind"] is "Role" or "ClusterRole"));
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task NoRule_HasAWildcardOrANonResourceUrl(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);

        foreach (var rule in rendered.Objects.Where(o => (string?)o["kind"] is "Role" or "ClusterRole").SelectMany(r => r["rules"]!.AsArray()))
        {
            Assert.Null(rule!["nonResourceURLs"]);
            foreach (var field in new[] { "apiGroups", "resources", "verbs", "resourceNames" })
            {
                Assert.DoesNotContain(rule[field]?.AsArray().Select(v => (string?)v) ?? [], v => v!.Contains('*', StringComparison.Ordinal));
            }
        }
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task EveryBinding_NamesSyncersServiceAccountAndARoleOfTheInstall(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);

        foreach (var binding in rendered.Objects.Where(o => (string?)o["kind"] is "RoleBinding" or "ClusterRoleBinding"))
        {
            var subject = Assert.Single(binding["subjects"]!.AsArray())!;
            Assert.Equal(("ServiceAccount", "syncer", "syncer-system"), ((string?)subject["kind"], (string?)subject["name"], (string?)subject["namespace"]));
            var roleRef = binding["roleRef"]!;
            rendered.Single((string)roleRef["kind"]!, (string)roleRef["name"]!);
        }

        var self = rendered.Objects.Single(o => (string?)o["kind"] == "RoleBinding" && (string?)o["metadata"]!["name"] == SelfRole);
        Assert.Equal(("syncer-system", "Role", SelfRole), ((string?)self["metadata"]!["namespace"], (string?)self["roleRef"]!["kind"], (string?)self["roleRef"]!["name"]));
        Assert.False(RenderedManifests.Bool(rendered.Single("ServiceAccount", "syncer")["automountServiceAccountToken"]));
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Overlays))]
    public async Task WatchedNamespaces_MatchTheBindings(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);
        var watched = rendered.WatchedNamespaces;
        var perNamespace = BindingsOf(rendered, "RoleBinding").Select(b => (string)b["metadata"]!["namespace"]!).Order(StringComparer.Ordinal);
        var clusterWide = BindingsOf(rendered, "ClusterRoleBinding").ToList();

        if (watched.Count == 0)
        {
            // "Watch every namespace": one ClusterRoleBinding, no per-namespace binding.
            Assert.Single(clusterWide);
            Assert.Empty(perNamespace);
        }
        else
        {
            // One RoleBinding per watched namespace, and nothing cluster-wide.
            Assert.Equal(watched.Order(StringComparer.Ordinal), perNamespace);
            Assert.Empty(clusterWide);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task DevWatchesEveryNamespace_StagingAndProdListTheirs()
    {
        var ct = TestContext.Current.CancellationToken;

        Assert.Empty((await RenderedManifests.RenderOverlayAsync("dev", ct)).WatchedNamespaces);
        Assert.NotEmpty((await RenderedManifests.RenderOverlayAsync("staging", ct)).WatchedNamespaces);
        Assert.NotEmpty((await RenderedManifests.RenderOverlayAsync("prod", ct)).WatchedNamespaces);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(NamespacedOverlays))]
    public async Task NamespacedOverlay_GrantsNoSecretAccessClusterWide(string overlay)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, TestContext.Current.CancellationToken);

        var clusterWideRules = rendered.OfKind("ClusterRoleBinding")
            .Select(b => rendered.Single("ClusterRole", (string)b["roleRef"]!["name"]!))
            .SelectMany(role => role["rules"]!.AsArray());
        Assert.DoesNotContain(clusterWideRules, rule => rule!["resources"]!.AsArray().Any(r => (string?)r == "secrets"));
        Assert.Empty(rendered.OfKind("ClusterRoleBinding"));
    }

    /// <summary>Order aside, equal, duplicates included (a grant written twice is a review smell).</summary>
    private static void AssertSameGrants(IEnumerable<string> expected, IEnumerable<string> actual) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));

    /// <summary>Each rule flattened to "group/resource verb [name]".</summary>
    private static List<string> Grants(JsonObject role) =>
        [.. from rule in role["rules"]!.AsArray()
            from resource in rule!["resources"]!.AsArray()
            from verb in rule["verbs"]!.AsArray()
            from name in rule["resourceNames"]?.AsArray().Select(n => " " + (string)n!) ?? [""]
            let grant = $"{string.Join(',', rule["apiGroups"]!.AsArray().Select(g => (string?)g))}/{resource} {verb}{name}"
            select grant];

    private static IEnumerable<JsonObject> BindingsOf(RenderedManifests rendered, string kind) =>
        rendered.OfKind(kind).Where(b => (string?)b["roleRef"]!["kind"] == "ClusterRole" && (string?)b["roleRef"]!["name"] == WatchedRole);
}
