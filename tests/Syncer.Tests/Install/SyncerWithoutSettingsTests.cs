using System.Text;
using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;
using Syncer.Spec;

namespace Syncer.Tests.Install;

/// <summary>
/// Issue 8's `make run` with no settings: the sandbox's doubles and the real Syncer binary as a process of its own
/// whose environment holds KUBECONFIG, VAULT_ADDR and VAULT_TOKEN and nothing else (no Syncer__* variable, no
/// POD_NAMESPACE): its own namespace defaults to syncer-system, where the sandbox keeps the hash key, and a labeled
/// Secret is filled. Only the listen address is given, on the command line, so a busy :8080 cannot fail the test.
/// </summary>
public sealed class SyncerWithoutSettingsTests
{
    [Fact(Timeout = 60_000)]
    public async Task TheBinary_WithOnlyKubeconfigAndVaultAddressAndToken_FillsALabeledSecret()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("syncer-no-settings-").FullName;
        await using var api = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = ["shop", "syncer-system"] }, ct);
        await using var vault = await VaultDouble.StartAsync(cancellationToken: ct);
        using var client = new k8s.Kubernetes(api.CreateClientConfiguration());
        vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "from-vault" });

        await using (var syncer = SyncerProcess.Start(new Dictionary<string, string>
        {
            ["KUBECONFIG"] = api.WriteKubeconfig(Path.Combine(dir, "kubeconfig")),
            ["VAULT_ADDR"] = vault.Address.ToString().TrimEnd('/'),
            ["VAULT_TOKEN"] = vault.RootToken,
        }, "--urls=http://127.0.0.1:0")) // not a setting of Syncer's: the machine is shared and its :8080 may be taken
        {
            await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = "db",
                    Labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = SyncAnnotations.EnabledValue },
                    Annotations = new Dictionary<string, string> { [SyncAnnotations.Path] = "secret/shop/db" },
                },
            }, "shop", cancellationToken: ct);

            await Eventually.HoldsAsync(async () =>
            {
                Assert.False(syncer.HasExited, $"Syncer exited:\n{syncer.Output}");
                var secret = await client.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: ct);
                return secret.Data?.TryGetValue("password", out var value) == true && Encoding.UTF8.GetString(value) == "from-vault";
            }, "the labeled Secret is filled", ct, TimeSpan.FromSeconds(40));
        }

        Assert.Single((await client.CoreV1.ListNamespacedSecretAsync("syncer-system", cancellationToken: ct)).Items, s => s.Metadata.Name == "syncer-hmac-key");
        Directory.Delete(dir, recursive: true);
    }
}
