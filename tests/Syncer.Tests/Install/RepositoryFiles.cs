namespace Syncer.Tests.Install;

/// <summary>The repository's own files (no build output, no git internals, no sandbox or artifacts).</summary>
internal static class RepositoryFiles
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { ".git", "bin", "obj", "artifacts", ".sandbox", "TestResults", ".vs", ".idea" };

    /// <summary>Paths relative to the repository root, with '/' separators.</summary>
    public static IEnumerable<string> All() => Walk(new DirectoryInfo(RenderedManifests.RepositoryRoot))
        .Select(f => Path.GetRelativePath(RenderedManifests.RepositoryRoot, f.FullName).Replace('\\', '/'))
        .Order(StringComparer.Ordinal);

    /// <summary>Shell scripts: *.sh, or a file whose first line is a shebang naming sh or bash.</summary>
    public static IEnumerable<string> ShellScripts() => All().Where(path =>
    {
        if (path.EndsWith(".sh", StringComparison.Ordinal))
        {
            return true;
        }

        using var reader = new StreamReader(Path.Combine(RenderedManifests.RepositoryRoot, path));
        var first = reader.ReadLine() ?? "";
        return first.StartsWith("#!", StringComparison.Ordinal) && (first.EndsWith("/sh", StringComparison.Ordinal) || first.Contains("bash", StringComparison.Ordinal));
    });

    private static IEnumerable<FileInfo> Walk(DirectoryInfo dir) =>
        dir.EnumerateFiles().Concat(dir.EnumerateDirectories().Where(d => !Skipped.Contains(d.Name)).SelectMany(Walk));
}
