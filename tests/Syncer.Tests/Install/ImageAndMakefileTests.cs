using System.Text.RegularExpressions;

namespace Syncer.Tests.Install;

/// <summary>`make image`, `make deploy`, `make undeploy`, `make help`, and no `latest` tag anywhere.</summary>
public sealed partial class ImageAndMakefileTests
{
    private static string Root => RenderedManifests.RepositoryRoot;

    [Fact(Timeout = 60_000)]
    public async Task EveryMakeTarget_IsDocumented_AndListedByMakeHelp()
    {
        var makefile = await File.ReadAllTextAsync(Path.Combine(Root, "Makefile"), TestContext.Current.CancellationToken);
        var targets = Target().Matches(makefile).Select(m => (Name: m.Groups["name"].Value, Doc: m.Groups["doc"].Value)).ToList();

        Assert.Subset(targets.Select(t => t.Name).ToHashSet(), new HashSet<string> { "test", "demo", "image", "deploy", "undeploy", "e2e" });
        Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.Doc), $"target {t.Name} has no `## text`"));
        var (exitCode, help, stderr) = await ExternalTool.RunAsync("make", ["--no-print-directory", "help"], TestContext.Current.CancellationToken, workingDirectory: Root);
        Assert.True(exitCode == 0, stderr);
        var listed = HelpLine().Matches(Ansi().Replace(help, "")).Select(m => m.Groups["name"].Value);
        Assert.Equal(targets.Select(t => t.Name).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("deploy", "dev", "kubectl apply -k kustomize/overlays/dev")]
    [InlineData("deploy", "prod", "kubectl apply -k kustomize/overlays/prod")]
    [InlineData("undeploy", "staging", "kubectl delete -k kustomize/overlays/staging --ignore-not-found")]
    public async Task DeployAndUndeploy_ApplyTheChosenOverlay(string target, string env, string command)
    {
        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("make", ["--no-print-directory", "-n", target, $"ENV={env}"], TestContext.Current.CancellationToken, workingDirectory: Root);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains(command, stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Deploy_RefusesAnUnknownEnvironment()
    {
        var (exitCode, _, stderr) = await ExternalTool.RunAsync("make", ["--no-print-directory", "-n", "deploy", "ENV=qa"], TestContext.Current.CancellationToken, workingDirectory: Root);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ENV must be one of: dev staging prod", stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task MakeImage_BuildsTheVersionTheBasePins()
    {
        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("make", ["--no-print-directory", "-n", "image"], TestContext.Current.CancellationToken, workingDirectory: Root);
        var basePin = RenderedManifests.ReadYamlFile("kustomize/base/kustomization.yaml")["images"]![0]!;

        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"-t {(string)basePin["name"]!}:{(string)basePin["newTag"]!} .", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void NoFile_UsesALatestImageTag()
    {
        var offenders = RepositoryFiles.All()
            .Where(p => p is "Makefile" or "Dockerfile" || p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal) || p.EndsWith(".sh", StringComparison.Ordinal) || p.EndsWith(".md", StringComparison.Ordinal))
            .Where(p => LatestTag().IsMatch(File.ReadAllText(Path.Combine(Root, p))))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void LatestTagPattern_CatchesTheFormsItGuardsAgainst()
    {
        Assert.Matches(LatestTag(), "image: ghcr.io/syncer-io/syncer:latest");
        Assert.Matches(LatestTag(), "    newTag: latest");
        Assert.Matches(LatestTag(), "FROM alpine:latest AS x");
        Assert.DoesNotMatch(LatestTag(), "pod-security.kubernetes.io/enforce: restricted");
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_-]+):(?!=)[^\n#]*?(?:##(?<doc>[^\n]*))?$", RegexOptions.Multiline)]
    private static partial Regex Target();

    [GeneratedRegex(@"^\s+(?<name>\S+)\s", RegexOptions.Multiline)]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();

    [GeneratedRegex(@":latest\b|newTag:\s*[""']?latest\b", RegexOptions.IgnoreCase)]
    private static partial Regex LatestTag();
}
