using System.Text.Json.Nodes;
using Syncer.Tests.Vault.Support;

namespace Syncer.Tests.Install;

/// <summary>manifests/monitoring/grafana-dashboard.json: valid PromQL on known metrics, shipped as a sidecar ConfigMap.</summary>
public sealed class GrafanaDashboardTests
{
    private const string DashboardFile = "manifests/monitoring/grafana-dashboard.json";

    [Fact(Timeout = 60_000)]
    public async Task EveryQuery_IsValidPromQl()
    {
        ExternalTool.Require("promtool", "prometheus");
        using var files = new TempFiles();
        // Each query as a recording rule, Grafana's variables filled in as Grafana would: promtool parses them all.
        var rules = new JsonArray([.. Queries().Select((q, i) => (JsonNode)new JsonObject
        {
            ["record"] = $"dashboard:query_{i}",
            ["expr"] = q.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$job", "syncer", StringComparison.Ordinal),
        })]);
        var path = files.Write("dashboard-rules.yaml", new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["name"] = "dashboard", ["rules"] = rules }) }.ToJsonString());

        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("promtool", ["check", "rules", path], TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Contains($"SUCCESS: {rules.Count} rules found", stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task EveryQuery_ReadsOnlyMetricsSyncerExportsOrPromises_AndTheJobVariable()
    {
        var known = MetricCatalog.Exported.Concat(MetricCatalog.Planned)
            .Concat(await MetricCatalog.ProcessMetricsAsync(TestContext.Current.CancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var queries = Queries().ToList();

        Assert.Subset(known, queries.SelectMany(MetricCatalog.NamesIn).ToHashSet(StringComparer.Ordinal));
        Assert.All(queries, q => Assert.Contains("job=\"$job\"", q, StringComparison.Ordinal));
        Assert.All(Panels().Where(p => (string?)p["type"] != "row"), p => Assert.Equal("${datasource}", (string?)p["datasource"]!["uid"]));
    }

    [Fact(Timeout = 60_000)]
    public async Task Dashboard_IsShippedAsAConfigMapForGrafanasSidecar()
    {
        var rendered = await RenderedManifests.RenderOverlayAsync("prod", TestContext.Current.CancellationToken);
        var configMap = rendered.Single("ConfigMap", "syncer-grafana-dashboard");

        Assert.Equal("1", (string?)configMap["metadata"]!["labels"]!["grafana_dashboard"]);
        Assert.True(JsonNode.DeepEquals(Dashboard(), JsonNode.Parse((string)configMap["data"]!["syncer.json"]!)));
        Assert.Equal("syncer", (string?)Dashboard()["uid"]);
    }

    private static JsonNode Dashboard() => JsonNode.Parse(File.ReadAllText(Path.Combine(RenderedManifests.RepositoryRoot, DashboardFile)))!;

    private static IEnumerable<JsonNode> Panels() => Dashboard()["panels"]!.AsArray().Select(p => p!);

    private static IEnumerable<string> Queries() =>
        Panels().SelectMany(p => p["targets"]?.AsArray() ?? []).Select(t => (string)t!["expr"]!);
}
