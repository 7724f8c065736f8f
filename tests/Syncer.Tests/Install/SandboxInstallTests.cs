using k8s;
using k8s.Models;

namespace Syncer.Tests.Install;

/// <summary>
/// Issue 11: each overlay installed into the sandbox with the real `kubectl apply -k` (validation on), and Syncer's
/// replicas working under exactly the rights the install grants (InstallRightsTests: and no more).
/// </summary>
public sealed class SandboxInstallTests
{
    public static TheoryData<string> Overlays => RenderedManifests.Overlays;

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_AppliesWithValidationAndCreatesEveryObject_AndSyncerWorksWithinItsRights(string overlay)
    {
        ExternalTool.Require("kubectl", "kubectl");
        var ct = TestContext.Current.CancellationToken;
        await using var install = await SandboxInstall.StartAsync(overlay, ct);

        var applied = await install.ApplyAsync(ct);
        var manifest = Path.Combine(Path.GetTempPath(), $"rendered-{overlay}-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(manifest, install.Rendered.Yaml, ct);
        var (code, stored, errors) = await install.KubectlAsync(ct, "get", "-f", manifest, "-o", "name");
        File.Delete(manifest);

        Assert.DoesNotContain("--validate=false", applied, StringComparison.Ordinal);
        Assert.True(code == 0, errors);
        Assert.Equal(install.Rendered.Objects.Count, stored.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        await install.ConfigureVaultAsync(ct);
        // As many replicas as the Deployment runs (staging and prod: 2, electing a leader through the Lease).
        string[] names = [.. Enumerable.Range(0, (int)install.Replicas).Select(i => $"syncer-{i}")];
        var replicas = new List<SyncerProcess>();
        try
        {
            foreach (var name in names)
            {
                replicas.Add(await install.StartSyncerAsync(ct, name));
            }

            var problem = await install.ProductProblemAsync(replicas, ct);
            Assert.True(problem is null, problem);
            Assert.Contains(await install.LeaderAsync(ct), names);
            if (replicas.Count > 1)
            {
                var takeover = await install.TakeoverProblemAsync(replicas, names, ct);
                Assert.True(takeover is null, takeover);
            }

            Assert.Empty(install.Api.Denials);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }
}
