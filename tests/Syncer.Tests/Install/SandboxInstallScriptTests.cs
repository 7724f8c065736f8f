using System.Diagnostics;

namespace Syncer.Tests.Install;

/// <summary>
/// `make sandbox-install ENV=dev` (tests/sandbox/install.sh) as a user runs it, and the kind end-to-end's kubectl
/// steps (tests/e2e/steps.sh: rbac, app, fill, rotate, force-sync) run against it as they run against kind.
/// </summary>
public sealed class SandboxInstallScriptTests
{
    [Fact(Timeout = 240_000)]
    public async Task SandboxInstall_ThenTheEndToEndSteps_PassAgainstTheSandbox()
    {
        foreach (var (tool, package) in new[] { ("kubectl", "kubectl"), ("jq", "jq"), ("curl", "curl") })
        {
            ExternalTool.Require(tool, package);
        }

        var ct = TestContext.Current.CancellationToken;
        var root = RenderedManifests.RepositoryRoot;
        var dir = Directory.CreateTempSubdirectory("sandbox-install-script-").FullName;
        var install = Path.Combine(dir, "install-dev");
        var start = new ProcessStartInfo(Path.Combine(root, "tests", "sandbox", "install.sh"), ["dev"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        start.Environment["SANDBOX_DIR"] = dir;
        start.Environment["SYNCER_URLS"] = "http://127.0.0.1:0";
        start.Environment["CONFIGURATION"] = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync(ct);
        var errors = script.StandardError.ReadToEndAsync(ct);
        try
        {
            await Eventually.HoldsAsync(() => File.Exists(Path.Combine(install, "syncer.pid")) || script.HasExited,
                "Syncer started by the script", ct, TimeSpan.FromSeconds(120));
            if (script.HasExited)
            {
                Assert.Fail($"install.sh stopped:\n{await output}\n{await errors}");
            }

            var vault = File.ReadAllLines(Path.Combine(install, "vault.env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

            var (code, stdout, stderr) = await ExternalTool.RunAsync(Path.Combine(root, "tests", "e2e", "steps.sh"), ["rbac", "app", "fill", "rotate", "force-sync"], ct,
                workingDirectory: root, timeLimit: TimeSpan.FromSeconds(150), environment: new Dictionary<string, string>
                {
                    ["KUBECONFIG"] = Path.Combine(install, "kubeconfig"),
                    ["VAULT_ADDR"] = vault["VAULT_ADDR"],
                    ["VAULT_TOKEN"] = vault["VAULT_TOKEN"],
                    ["E2E_KUSTOMIZATION"] = "kustomize/overlays/dev",
                });

            Assert.True(code == 0, $"{stdout}\n{stderr}\nSyncer:\n{File.ReadAllText(Path.Combine(install, "syncer.log"))}");
            Assert.Contains("ok: db-credentials force-synced", stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }

            await script.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(dir, recursive: true);
        }
    }
}
