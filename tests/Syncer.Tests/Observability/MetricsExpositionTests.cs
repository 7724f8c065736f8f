using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;
using Syncer.Observability;
using Syncer.Spec;
using Syncer.Tests.Hosting;

namespace Syncer.Tests.Observability;

/// <summary>
/// `/metrics` of the real host, after a sync that changed a Secret and one that failed (so labeled series exist),
/// passes `promtool check metrics`: the exposition format and Prometheus' naming rules (units, _total, help), and
/// carries the leadership and build series the alerts read.
/// Every metric added to SyncerMetrics is checked here without touching this test.
/// </summary>
public sealed class MetricsExpositionTests
{
    [Fact(Timeout = 60_000)]
    public async Task Metrics_FromARunningHost_PassPromtoolCheckMetrics()
    {
        ExternalTool.Require("promtool", "prometheus");
        var ct = TestContext.Current.CancellationToken;
        await using var api = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = ["shop", "syncer", "syncer-system"] }, ct);
        await using var vault = await VaultDouble.StartAsync(cancellationToken: ct);
        using var client = new k8s.Kubernetes(api.CreateClientConfiguration());
        vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p1" });
        await using var host = SyncerTestHost.Build(api.CreateClientConfiguration(), new Dictionary<string, string?>
        {
            ["Vault:Address"] = vault.Address.ToString(),
            ["Vault:Auth:Token"] = vault.RootToken,
        }, realSyncEngine: true);
        await host.StartAsync(ct);
        var metrics = host.Services.GetRequiredService<SyncerMetrics>();

        await CreateSecretAsync(client, "db", "secret/shop/db", ct);
        await CreateSecretAsync(client, "missing", "secret/shop/nothing-here", ct);
        await Eventually.HoldsAsync(
            () => metrics.SyncsTotal.WithLabels("changed").Value >= 1 && metrics.SyncsTotal.WithLabels("failed").Value >= 1,
            "one sync changed a Secret and one failed", ct, TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var exposition = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct);

        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("promtool", ["check", "metrics"], ct, stdin: exposition);

        Assert.True(exitCode == 0, $"promtool check metrics: {stdout}{stderr}");
        Assert.Contains("syncer_sync_failures_total{reason=", exposition, StringComparison.Ordinal);
        Assert.Contains("syncer_vault_requests_total{operation=", exposition, StringComparison.Ordinal);
        // What the alerts on leadership and build read: real series, from the running host.
        Assert.Contains("\nsyncer_leader 1\n", exposition, StringComparison.Ordinal);
        Assert.Matches(@"\nsyncer_build_info\{version=""[^""]+"",commit=""[^""]+""\} 1\n", exposition);
    }

    private static Task<V1Secret> CreateSecretAsync(IKubernetes client, string name, string path, CancellationToken ct) =>
        client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = SyncAnnotations.EnabledValue },
                    Annotations = new Dictionary<string, string> { [SyncAnnotations.Path] = path },
                },
                Type = "Opaque",
            },
            "shop",
            cancellationToken: ct);
}
