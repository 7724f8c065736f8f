using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Syncer.Hosting;

/// <summary>
/// Runs a kubeconfig user's exec credential plugin (<c>aws eks get-token</c>, <c>gke-gcloud-auth-plugin</c>,
/// <c>kubelogin</c>) as kubectl does: the arguments as written, the kubeconfig's <c>env</c> entries over Syncer's
/// environment, <c>KUBERNETES_EXEC_INFO</c> saying it is not interactive, no standard input, and its standard error
/// passed through to Syncer's. Written by hand because the client's runner
/// (<c>KubernetesClientConfiguration.ExecuteExternalCommand</c>) writes <c>KUBERNETES_EXEC_INFO</c> with
/// reflection-based JSON, which Syncer turns off (Syncer.csproj), so such a kubeconfig failed at start; it also joins
/// the arguments with spaces, takes any line on standard error for a failure and waits 5 ms for the plugin to exit.
/// Error messages name the command and what went wrong, never the credential the plugin printed (at most the kind and
/// apiVersion it answered with).
/// </summary>
internal sealed class ExecCredentialPlugin
{
    /// <summary>How long one run may take: a cloud CLI's first call can be slow, a hung one must not stall Syncer.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly ExternalExecution _exec;
    private readonly ExecCredentialCluster? _cluster;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    public ExecCredentialPlugin(ExternalExecution exec, ExecCredentialCluster? cluster, TimeProvider time, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(exec);
        if (string.IsNullOrWhiteSpace(exec.Command))
        {
            throw new KubeConfigException("The kubeconfig user's exec credential plugin has no command.");
        }

        if (string.IsNullOrWhiteSpace(exec.ApiVersion))
        {
            throw new KubeConfigException($"The kubeconfig user's exec credential plugin '{exec.Command}' has no apiVersion.");
        }

        _exec = exec;
        _cluster = cluster;
        _time = time;
        _timeout = timeout;
    }

    public string Command => _exec.Command;

    /// <summary>Runs the plugin once and returns the credential it printed; a <see cref="KubeConfigException"/> says why not.</summary>
    public async Task<ExecCredentialStatus> RunAsync(CancellationToken cancellationToken)
    {
        using var process = Start();
        process.StandardInput.Close(); // never interactive: a plugin that asks reads end of input instead of hanging
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string output;
        try
        {
            output = await process.StandardOutput.ReadToEndAsync(linked.Token);
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure($"did not finish within {_timeout.TotalSeconds:0} s");
        }

        if (process.ExitCode != 0)
        {
            throw Failure($"exited with code {process.ExitCode} (its standard error is in Syncer's)");
        }

        return Read(output);
    }

    private Process Start()
    {
        var start = new ProcessStartInfo(Executable())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in _exec.Arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in _exec.EnvironmentVariables ?? [])
        {
            if (!variable.TryGetValue("name", out var name) || string.IsNullOrEmpty(name) || !variable.TryGetValue("value", out var value))
            {
                throw Failure("has an env entry without a name and a value");
            }

            start.Environment[name] = value;
        }

        var request = new ExecCredentialRequest(_exec.ApiVersion, "ExecCredential", new ExecCredentialSpec(Interactive: false, _cluster));
        start.Environment["KUBERNETES_EXEC_INFO"] = JsonSerializer.Serialize(request, ExecCredentialJsonContext.Default.ExecCredentialRequest);
        try
        {
            return Process.Start(start) ?? throw Failure("could not be started");
        }
        catch (Win32Exception e)
        {
            throw NotStarted(e.Message);
        }
    }

    /// <summary>
    /// A command naming a path as it is (the kubeconfig's loader anchored a relative one), a bare name looked up on
    /// <c>PATH</c> alone, as Go's <c>exec.LookPath</c> does for kubectl: <see cref="Process.Start()"/> would look in
    /// Syncer's own folder and the working folder first.
    /// </summary>
    private string Executable()
    {
        if (_exec.Command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || _exec.Command.Contains('/', StringComparison.Ordinal))
        {
            return _exec.Command;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, _exec.Command);
            const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & AnyExecute) != 0))
            {
                return candidate;
            }
        }

        throw NotStarted("not found on PATH");
    }

    private KubeConfigException NotStarted(string why) =>
        Failure(string.IsNullOrWhiteSpace(_exec.InstallHint)
            ? $"could not be started ({why})"
            : $"could not be started ({why}). {_exec.InstallHint.Trim().TrimEnd('.')}");

    private ExecCredentialStatus Read(string output)
    {
        ExecCredentialAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize(output, ExecCredentialJsonContext.Default.ExecCredentialAnswer);
        }
        catch (JsonException e)
        {
            // Position only: the exception's message may quote what it read.
            throw Failure($"printed no ExecCredential JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        if (answer?.Kind != "ExecCredential" || answer.ApiVersion != _exec.ApiVersion)
        {
            throw Failure($"printed kind '{answer?.Kind}' of '{answer?.ApiVersion}', not the ExecCredential of '{_exec.ApiVersion}' the kubeconfig names");
        }

        var status = answer.Status;
        if (status is null || (string.IsNullOrEmpty(status.Token) && (string.IsNullOrEmpty(status.ClientCertificateData) || string.IsNullOrEmpty(status.ClientKeyData))))
        {
            throw Failure("printed neither a token nor a client certificate and key");
        }

        return status;
    }

    private KubeConfigException Failure(string what) =>
        new($"The kubeconfig user's exec credential plugin '{_exec.Command}' {what}.");
}
