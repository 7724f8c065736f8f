using System.Text.Json;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Syncer.Doubles.Kubernetes;
using Syncer.Hosting;

namespace Syncer.Tests.Hosting;

/// <summary>
/// A kubeconfig whose user runs an exec credential plugin (EKS, GKE, AKS with kubelogin), with a real plugin: a shell
/// script that records how it was run and prints the ExecCredential a test asks for.
/// </summary>
[Collection(nameof(ProcessEnvironment))] // sets KUBECONFIG and the working folder
public sealed class ExecCredentialPluginTests : IDisposable
{
    private const string ApiVersion = "client.authentication.k8s.io/v1";
    private readonly string _folder = Directory.CreateTempSubdirectory("syncer-exec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task Resolve_WithAnExecUser_RunsThePluginAsKubectlDoes_AndTheClientReachesTheApiWithItsToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await KubeApiDouble.StartAsync(cancellationToken: ct);
        var plugin = WritePlugin("bin/plugin.sh", $$$"""{"apiVersion":"{{{ApiVersion}}}","kind":"ExecCredential","status":{"token":"{{{api.AdminToken}}}"}}""");
        var path = WriteExecKubeconfig(api, "./bin/plugin.sh", """
            args: ["get-token", "--cluster", "two words"]
            env:
            - name: PLUGIN_PROFILE
              value: prod
            """);
        var elsewhere = Directory.CreateTempSubdirectory("syncer-cwd-").FullName;
        var cwd = Environment.CurrentDirectory;
        var previous = Environment.GetEnvironmentVariable("KUBECONFIG");
        try
        {
            Environment.CurrentDirectory = elsewhere; // the relative command resolves against the kubeconfig's folder
            Environment.SetEnvironmentVariable("KUBECONFIG", path);

            var (configuration, _) = KubernetesConfigurationResolver.Resolve(TimeProvider.System, NullLogger.Instance);
            using var client = new k8s.Kubernetes(configuration);
            var namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: ct);

            Assert.NotEmpty(namespaces.Items);
            Assert.IsType<ExecCredentialTokenProvider>(configuration.TokenProvider); // refreshed before it expires
            var run = Assert.Single(plugin.Runs());
            Assert.Equal(["get-token", "--cluster", "two words"], run.Arguments);
            Assert.Equal("prod", run.Profile);
            using var info = JsonDocument.Parse(run.ExecInfo);
            Assert.Equal(ApiVersion, info.RootElement.GetProperty("apiVersion").GetString());
            Assert.Equal("ExecCredential", info.RootElement.GetProperty("kind").GetString());
            Assert.False(info.RootElement.GetProperty("spec").GetProperty("interactive").GetBoolean());
            Assert.False(info.RootElement.GetProperty("spec").TryGetProperty("cluster", out _)); // not asked for
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            Environment.SetEnvironmentVariable("KUBECONFIG", previous);
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Client_WhenTheApiServerRefusesThePluginsToken_TheNextRequestRunsThePluginForANewOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await KubeApiDouble.StartAsync(cancellationToken: ct);
        using var admin = new k8s.Kubernetes(api.CreateClientConfiguration());
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new k8s.Models.V1ServiceAccount { Metadata = new() { Name = "deploy-bot" } }, "default", cancellationToken: ct);
        var revocable = (await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(new k8s.Models.Authenticationv1TokenRequest { Spec = new() }, "deploy-bot", "default", cancellationToken: ct)).Status.Token;
        var plugin = WritePlugin("plugin.sh", Answer(revocable)); // no expiry: only the 401 can end it
        var path = WriteExecKubeconfig(api, plugin.Path, "");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = KubernetesConfigurationResolver.CreateClient(KubernetesConfigurationResolver.FromFiles([path], time, NullLogger.Instance));
        Assert.NotNull(await client.Version.GetCodeAsync(ct));

        await admin.CoreV1.DeleteNamespacedServiceAccountAsync("deploy-bot", "default", cancellationToken: ct); // its tokens die with it
        plugin.Answer(Answer(api.AdminToken));
        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.Version.GetCodeAsync(ct));
        time.Advance(ExecCredentialTokenProvider.Pause); // each answer serves a pause at least: refused tokens cost a run per pause
        var after = await client.Version.GetCodeAsync(ct);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.Response.StatusCode);
        Assert.NotNull(after);
        Assert.Equal(2, plugin.Runs().Count);
    }

    private static string Answer(string token) => $$$"""{"apiVersion":"{{{ApiVersion}}}","kind":"ExecCredential","status":{"token":"{{{token}}}"}}""";

    [Fact(Timeout = 30_000)]
    public async Task FromFiles_WithProvideClusterInfo_PassesTheClusterAsClientGoDoes()
    {
        await using var api = await KubeApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var plugin = WritePlugin("plugin.sh", $$$"""{"apiVersion":"{{{ApiVersion}}}","kind":"ExecCredential","status":{"token":"t"}}""");
        var path = WriteExecKubeconfig(api, plugin.Path, "provideClusterInfo: true");

        KubernetesConfigurationResolver.FromFiles([path], TimeProvider.System, NullLogger.Instance);

        using var info = JsonDocument.Parse(Assert.Single(plugin.Runs()).ExecInfo);
        var cluster = info.RootElement.GetProperty("spec").GetProperty("cluster");
        Assert.Equal(api.BaseAddress.GetLeftPart(UriPartial.Authority), cluster.GetProperty("server").GetString());
        Assert.Equal(api.CertificateAuthorityPem, System.Text.Encoding.ASCII.GetString(cluster.GetProperty("certificate-authority-data").GetBytesFromBase64()));
    }

    [Fact(Timeout = 30_000)]
    public async Task FromFiles_WhenThePluginAnswersWithACertificate_HandsTheClientItsPemAsBase64()
    {
        await using var api = await KubeApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var answer = JsonSerializer.Serialize(new
        {
            apiVersion = ApiVersion,
            kind = "ExecCredential",
            status = new { clientCertificateData = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", clientKeyData = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n" },
        });
        var path = WriteExecKubeconfig(api, WritePlugin("plugin.sh", answer).Path, "");

        var configuration = KubernetesConfigurationResolver.FromFiles([path], TimeProvider.System, NullLogger.Instance);

        Assert.Equal("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(configuration.ClientCertificateData)));
        Assert.Equal("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(configuration.ClientCertificateKeyData)));
        Assert.Null(configuration.TokenProvider); // no token to refresh
    }

    [Theory(Timeout = 30_000)]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"tok-secret"}}""", 0, "not the ExecCredential of 'client.authentication.k8s.io/v1'")]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"expirationTimestamp":"2030-01-01T00:00:00Z"}}""", 0, "neither a token nor a client certificate and key")]
    [InlineData("""token: tok-secret""", 0, "printed no ExecCredential JSON (line 1, byte 2)")]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok-secret"}}""", 3, "exited with code 3")]
    public async Task FromFiles_WhenThePluginFails_StopsWithItsReason_NeverWhatItPrinted(string output, int exitCode, string reason)
    {
        await using var api = await KubeApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var plugin = WritePlugin("plugin.sh", output, exitCode);
        var path = WriteExecKubeconfig(api, plugin.Path, "");

        var error = Assert.Throws<KubeConfigException>(() => KubernetesConfigurationResolver.FromFiles([path], TimeProvider.System, NullLogger.Instance));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(plugin.Path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task FromFiles_WhenThePluginIsNotInstalled_SaysSoWithTheKubeconfigsInstallHint()
    {
        await using var api = await KubeApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var path = WriteExecKubeconfig(api, "syncer-no-such-plugin", "installHint: 'Install it with: brew install no-such-plugin'");

        var error = Assert.Throws<KubeConfigException>(() => KubernetesConfigurationResolver.FromFiles([path], TimeProvider.System, NullLogger.Instance));

        Assert.Contains("'syncer-no-such-plugin' could not be started (not found on PATH)", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Install it with: brew install no-such-plugin.", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_WhenThePluginHangs_KillsItAtTheTimeout()
    {
        var time = new FakeTimeProvider();
        var plugin = WritePlugin("plugin.sh", "", sleepSeconds: 60);
        var runner = new ExecCredentialPlugin(
            new k8s.KubeConfigModels.ExternalExecution { Command = plugin.Path, ApiVersion = ApiVersion }, null, time, TimeSpan.FromSeconds(60));

        var run = runner.RunAsync(TestContext.Current.CancellationToken);
        var pid = await plugin.WaitUntilStartedAsync(TestContext.Current.CancellationToken);
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<KubeConfigException>(() => run);
        Assert.Contains("did not finish within 60 s", error.Message, StringComparison.Ordinal);
        while (State(pid) is { } state && state != 'Z')
        {
            await Task.Delay(20, TestContext.Current.CancellationToken); // killed: gone, or a zombie until reaped
        }
    }

    /// <summary>A process's state letter from /proc (Z: a zombie), or null once it is gone.</summary>
    private static char? State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null; // reaped between two looks
        }
    }

    /// <summary>The double's kubeconfig with its user's token replaced by an exec plugin; <paramref name="extra"/> adds exec's fields.</summary>
    private string WriteExecKubeconfig(KubeApiDouble api, string command, string extra)
    {
        var path = api.WriteKubeconfig(Path.Combine(_folder, "kubeconfig"), token: "");
        var fields = $"apiVersion: {ApiVersion}\ncommand: {command}\n{extra}".Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var exec = "user:\n    exec:\n" + string.Concat(fields.Select(field => $"      {field}\n"));
        var kubeconfig = File.ReadAllText(path);
        Assert.Contains("user: {}\n", kubeconfig, StringComparison.Ordinal);
        File.WriteAllText(path, kubeconfig.Replace("user: {}\n", exec, StringComparison.Ordinal));
        return path;
    }

    private FakePlugin WritePlugin(string relativePath, string output, int exitCode = 0, int sleepSeconds = 0)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var log = Path.Combine(_folder, "runs");
        var outputFile = Path.Combine(_folder, "output.json");
        File.WriteAllText(outputFile, output);
        File.WriteAllText(path, $$"""
            #!/bin/sh
            echo $$ > '{{log}}.pid'
            { printf '%s\n' "$KUBERNETES_EXEC_INFO"; printf '%s\n' "$PLUGIN_PROFILE"; printf '%s\n' "$@"; printf '%s\n' '---'; } >> '{{log}}'
            if [ {{sleepSeconds}} -gt 0 ]; then exec sleep {{sleepSeconds}}; fi
            cat '{{outputFile}}'
            exit {{exitCode}}

            """);
        if (!OperatingSystem.IsWindows()) // the tests run on Linux; a shell script plugin needs a Unix
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new FakePlugin(path, log, outputFile);
    }

    private sealed record FakePlugin(string Path, string Log, string Output)
    {
        /// <summary>What the plugin prints from its next run on.</summary>
        public void Answer(string output) => File.WriteAllText(Output, output);

        public IReadOnlyList<(string ExecInfo, string Profile, string[] Arguments)> Runs()
        {
            if (!File.Exists(Log))
            {
                return [];
            }

            var runs = File.ReadAllText(Log).Split("---\n", StringSplitOptions.RemoveEmptyEntries);
            return [.. runs.Select(run => run.Split('\n')).Select(lines => (lines[0], lines[1], lines[2..^1]))];
        }

        /// <summary>The plugin's process id once it has recorded its run (the script execs its sleep in place).</summary>
        public async Task<int> WaitUntilStartedAsync(CancellationToken cancellationToken)
        {
            while (!File.Exists(Log) || !File.ReadAllText(Log).EndsWith("---\n", StringComparison.Ordinal))
            {
                await Task.Delay(20, cancellationToken);
            }

            return int.Parse(File.ReadAllText(Log + ".pid"), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
