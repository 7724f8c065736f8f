using System.Text.Json.Nodes;
using Syncer.Tests.Vault.Support;

namespace Syncer.Tests.Install;

/// <summary>
/// The PrometheusRule as prod applies it: promtool accepts it, its alerts pass their unit tests
/// (prometheus-rules.test.yaml), each has a runbook, and every metric it reads is exported or promised.
/// </summary>
public sealed class PrometheusRuleTests
{
    private const string UnitTests = "tests/Syncer.Tests/Install/prometheus-rules.test.yaml";

    [Fact(Timeout = 60_000)]
    public async Task Rules_PassPromtoolCheckRules()
    {
        ExternalTool.Require("promtool", "prometheus");
        using var files = new TempFiles();
        var rules = await WriteRulesAsync(files, keepAnnotations: true, TestContext.Current.CancellationToken);

        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("promtool", ["check", "rules", rules], TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Contains($"SUCCESS: {(await AlertsAsync(TestContext.Current.CancellationToken)).Count} rules found", stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Alerts_FireAndStaySilentAsTheirUnitTestsSay()
    {
        ExternalTool.Require("promtool", "prometheus");
        using var files = new TempFiles();
        // Annotations are prose with templates (checked above); the unit tests pin expressions, `for` and labels.
        var rules = await WriteRulesAsync(files, keepAnnotations: false, TestContext.Current.CancellationToken);
        var tests = files.Write("tests.yaml", await File.ReadAllTextAsync(Path.Combine(RenderedManifests.RepositoryRoot, UnitTests), TestContext.Current.CancellationToken));

        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(
            "promtool", ["test", "rules", tests], TestContext.Current.CancellationToken, workingDirectory: Path.GetDirectoryName(rules));

        Assert.True(exitCode == 0, stdout + stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task EveryAlert_HasASeverityARunbookAndAUnitTest()
    {
        var runbooks = await File.ReadAllTextAsync(Path.Combine(RenderedManifests.RepositoryRoot, "docs/operations.md"), TestContext.Current.CancellationToken);
        var unitTests = await File.ReadAllTextAsync(Path.Combine(RenderedManifests.RepositoryRoot, UnitTests), TestContext.Current.CancellationToken);

        foreach (var alert in await AlertsAsync(TestContext.Current.CancellationToken))
        {
            var name = (string)alert["alert"]!;
            Assert.Contains((string?)alert["labels"]!["severity"], new[] { "critical", "warning" });
            Assert.NotNull(alert["annotations"]!["summary"]);
            Assert.NotNull(alert["annotations"]!["description"]);
            Assert.EndsWith($"/docs/operations.md#{name.ToLowerInvariant()}", (string?)alert["annotations"]!["runbook_url"], StringComparison.Ordinal);
            Assert.Contains($"\n### {name}\n", runbooks, StringComparison.Ordinal);
            Assert.Contains($"alertname: {name}\n", unitTests, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Rules_ReadOnlyMetricsSyncerExportsOrPromises()
    {
        var known = MetricCatalog.Exported.Concat(MetricCatalog.Planned).ToHashSet(StringComparer.Ordinal);

        var used = (await AlertsAsync(TestContext.Current.CancellationToken)).SelectMany(a => MetricCatalog.NamesIn((string)a["expr"]!)).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(known, used);
        Assert.Contains("syncer_sync_failures_total", used);
    }

    [Fact(Timeout = 60_000)]
    public async Task PromisedMetrics_AreDocumentedAsTheContract_AndNotYetExported()
    {
        var operations = await File.ReadAllTextAsync(Path.Combine(RenderedManifests.RepositoryRoot, "docs/operations.md"), TestContext.Current.CancellationToken);

        // When the code starts exporting one, move it from MetricCatalog.Planned to the "exported" table of the doc.
        Assert.All(MetricCatalog.Planned, name => Assert.DoesNotContain(name, MetricCatalog.Exported));
        Assert.All(MetricCatalog.Planned, name => Assert.Contains($"`{name}", operations, StringComparison.Ordinal));
    }

    private static async Task<List<JsonNode>> AlertsAsync(CancellationToken cancellationToken)
    {
        var rule = (await RenderedManifests.RenderOverlayAsync("prod", cancellationToken)).Single("PrometheusRule", "syncer");
        return [.. rule["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!)];
    }

    /// <summary>The rule's spec as a Prometheus rule file (JSON is YAML); returns its path.</summary>
    private static async Task<string> WriteRulesAsync(TempFiles files, bool keepAnnotations, CancellationToken cancellationToken)
    {
        var rule = (await RenderedManifests.RenderOverlayAsync("prod", cancellationToken)).Single("PrometheusRule", "syncer");
        var spec = rule["spec"]!.DeepClone();
        if (!keepAnnotations)
        {
            foreach (var r in spec["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()))
            {
                r!.AsObject().Remove("annotations");
            }
        }

        return files.Write("rules.yaml", spec.ToJsonString());
    }
}
