namespace Syncer.Tests.Install;

/// <summary>Every shell script in the repository passes shellcheck, style notes included.</summary>
public sealed class ShellScriptTests
{
    [Fact(Timeout = 60_000)]
    public async Task EveryShellScript_PassesShellcheck()
    {
        ExternalTool.Require("shellcheck", "shellcheck");
        var scripts = RepositoryFiles.ShellScripts().ToList();

        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(
            "shellcheck", ["--severity=style", "--external-sources", .. scripts], TestContext.Current.CancellationToken, workingDirectory: RenderedManifests.RepositoryRoot);

        Assert.True(exitCode == 0, stdout + stderr);
    }

    [Fact]
    public void ScriptDiscovery_FindsScriptsWithAndWithoutTheExtension()
    {
        var scripts = RepositoryFiles.ShellScripts().ToList();

        Assert.Contains(".ci/run", scripts);
        Assert.Contains("tests/e2e/run.sh", scripts);
        Assert.DoesNotContain("Makefile", scripts);
    }
}
