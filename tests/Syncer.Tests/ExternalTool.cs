using System.Diagnostics;

namespace Syncer.Tests;

/// <summary>
/// Runs a command-line tool the tests check the repository with (kubectl, promtool, shellcheck) to completion, with a
/// timeout, feeding it stdin if given. A tool that is not installed skips the test and says which package to install
/// (.ci/run installs them all).
/// </summary>
internal static class ExternalTool
{
    public static bool IsInstalled(string tool) => Environment.GetEnvironmentVariable("PATH")!
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(dir => File.Exists(Path.Combine(dir, tool)));

    /// <summary>Skips the calling test, naming the Debian package, when <paramref name="tool"/> is not on PATH.</summary>
    public static void Require(string tool, string debianPackage) =>
        Assert.SkipUnless(IsInstalled(tool), $"{tool} is not installed (apt-get install {debianPackage}; .ci/run installs it)");

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string tool, IEnumerable<string> arguments, CancellationToken cancellationToken, string? stdin = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeLimit = null)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeLimit ?? TimeSpan.FromSeconds(60));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), timeout.Token);
                process.StandardInput.Close();
            }

            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
