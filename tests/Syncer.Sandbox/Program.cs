using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;

// `make sandbox`: both doubles on loopback, client files in .sandbox/, until Ctrl-C or SIGTERM.
var directory = Path.GetFullPath(args.Length > 0 ? args[0] : ".sandbox");
Directory.CreateDirectory(directory);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

await using var kube = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = ["shop", "syncer-system"] }, stop.Token);
await using var vault = await VaultDouble.StartAsync(cancellationToken: stop.Token);

var kubeconfig = kube.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
// The CA is in the kubeconfig too; as a file it is what curl --cacert takes.
var caFile = Path.Combine(directory, "ca.crt");
await File.WriteAllTextAsync(caFile, kube.CertificateAuthorityPem, stop.Token);
var vaultEnv = Path.Combine(directory, "vault.env");
await File.WriteAllTextAsync(vaultEnv, $"VAULT_ADDR={vault.Address.ToString().TrimEnd('/')}\nVAULT_TOKEN={vault.RootToken}\n", stop.Token);

Console.WriteLine($"Kubernetes API double: {kube.BaseAddress}   kubeconfig: {kubeconfig}");
Console.WriteLine($"Vault double:          {vault.Address}   env: {vaultEnv}");
Console.WriteLine();
Console.WriteLine($"  kubectl --kubeconfig {Path.GetRelativePath(Environment.CurrentDirectory, kubeconfig)} get namespaces");
Console.WriteLine($"  set -a; . {Path.GetRelativePath(Environment.CurrentDirectory, vaultEnv)}; set +a");
Console.WriteLine("  curl -H \"X-Vault-Token: $VAULT_TOKEN\" $VAULT_ADDR/v1/secret/data/shop/db");
Console.WriteLine();
Console.WriteLine($"  curl --cacert {Path.GetRelativePath(Environment.CurrentDirectory, caFile)} {kube.BaseAddress}_sandbox/requests");
Console.WriteLine();
Console.WriteLine("Request counts: GET /_sandbox/requests on either address. Ctrl-C to stop.");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopping.");
}
