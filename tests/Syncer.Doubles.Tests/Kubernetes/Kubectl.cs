using System.Diagnostics;
using System.Text;
using Syncer.Doubles.Kubernetes;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>Runs the real kubectl against a double through a kubeconfig from WriteKubeconfig, bounded by a timeout.</summary>
internal sealed class Kubectl : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubectl-double-").FullName;
    private readonly string _kubeconfig;

    public Kubectl(KubeApiDouble api, string? token = null) => _kubeconfig = api.WriteKubeconfig(Path.Combine(_dir, "kubeconfig"), token);

    public static bool Available { get; } = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
        .Any(d => File.Exists(Path.Combine(d, "kubectl")));

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs kubectl to completion; returns exit code and combined output.</summary>
    public async Task<(int Code, string Output)> RunAsync(CancellationToken ct, params string[] arguments)
    {
        using var process = Start(out var output, arguments);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.WaitForExit(); // drains the output handlers
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>Starts a long-running kubectl (e.g. get -w); the caller reads <paramref name="output"/> and kills it.</summary>
    public Process Start(out StringBuilder output, params string[] arguments)
    {
        var buffer = new StringBuilder();
        var process = new Process
        {
            // Its own discovery cache: doubles reuse loopback ports, and a cache left by another test's double on the same
            // port would answer discovery for this one (kubectl keys the cache by host:port).
            StartInfo = new ProcessStartInfo("kubectl", ["--kubeconfig", _kubeconfig, "--cache-dir", Path.Combine(_dir, "cache"), .. arguments])
            {
                RedirectStandardInput = true, // closed at once: a prompt reads EOF instead of waiting
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = _dir,
            },
        };
        process.OutputDataReceived += (_, e) => Append(buffer, e.Data);
        process.ErrorDataReceived += (_, e) => Append(buffer, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = buffer;
        return process;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is not null)
        {
            lock (buffer)
            {
                buffer.AppendLine(line);
            }
        }
    }
}
