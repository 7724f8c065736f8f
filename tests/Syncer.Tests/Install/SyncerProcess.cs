using System.Diagnostics;
using System.Text;

namespace Syncer.Tests.Install;

/// <summary>
/// The real Syncer binary (src/Syncer/bin/&lt;configuration&gt;/net10.0/Syncer.dll) as a process of its own, with exactly
/// the environment given (nothing inherited), its output kept for the test's messages. Disposing kills it.
/// </summary>
internal sealed class SyncerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private SyncerProcess(IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(DotnetHost, [SyncerDll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(SyncerDll)!,
        };
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The build of Syncer beside this test build (same configuration).</summary>
    public static string SyncerDll { get; } = Path.Combine(RenderedManifests.RepositoryRoot, "src", "Syncer", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "Syncer.dll");

    /// <summary>The dotnet host that runs this test process's runtime.</summary>
    public static string DotnetHost { get; } = Path.GetFullPath(Path.Combine(
        System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));

    public bool HasExited => _disposed == 1 || _process.HasExited;

    /// <summary>Everything Syncer printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts Syncer with exactly <paramref name="environment"/>; <paramref name="arguments"/> go to its command line.</summary>
    public static SyncerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) => new(environment, arguments);

    /// <summary>Kills Syncer (as a crash would: nothing is released); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
