namespace Syncer.Doubles.Tests;

/// <summary>The repository's root (where Syncer.sln is), for tests that read its files (the e2e CRDs, the overlays).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Syncer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Syncer.sln not found above " + AppContext.BaseDirectory);
    }
}
