using System.Globalization;
using Microsoft.Extensions.Logging;
using Syncer.Doubles;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Kubernetes.Controllers;
using Syncer.Doubles.Vault;

// `make sandbox`: both doubles on loopback, the workload controllers beside the Kubernetes one, client files in
// .sandbox/, until Ctrl-C or SIGTERM. SANDBOX_POD_READY_SECONDS (default 2) is how long new pods take to be ready.
var directory = Path.GetFullPath(args.Length > 0 ? args[0] : ".sandbox");
Directory.CreateDirectory(directory);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

// SANDBOX_NAMESPACES (comma-separated, default "shop,syncer-system"): the namespaces made at start; "" starts a
// cluster as fresh as kind's (default, kube-system, kube-public), as `make sandbox-install` wants it.
var namespaces = (Environment.GetEnvironmentVariable("SANDBOX_NAMESPACES") ?? "shop,syncer-system")
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
await using var kube = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = namespaces }, stop.Token);
using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var readySeconds = double.Parse(Environment.GetEnvironmentVariable("SANDBOX_POD_READY_SECONDS") is { Length: > 0 } s ? s : "2", CultureInfo.InvariantCulture);
await using var controllers = await ClusterControllers.StartAsync(kube,
    new ClusterControllersOptions { PodReadyDelay = TimeSpan.FromSeconds(readySeconds), LoggerFactory = logging }, stop.Token);
await using var vault = await VaultDouble.StartAsync(cancellationToken: stop.Token);
// Vault runs "in the cluster" (ServiceAccount vault/vault, system:auth-delegator), so its Kubernetes auth can review
// service-account tokens with kubernetes_host alone, as tests/e2e/vault.yaml sets it up on kind.
await VaultInCluster.ConnectAsync(kube, vault, stop.Token);

var kubeconfig = kube.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
// The CA is in the kubeconfig too; as a file it is what curl --cacert takes.
var caFile = Path.Combine(directory, "ca.crt");
await File.WriteAllTextAsync(caFile, kube.CertificateAuthorityPem, stop.Token);
var vaultEnv = Path.Combine(directory, "vault.env");
await File.WriteAllTextAsync(vaultEnv, $"VAULT_ADDR={vault.Address.ToString().TrimEnd('/')}\nVAULT_TOKEN={vault.RootToken}\n", stop.Token);

Console.WriteLine($"Kubernetes API double: {kube.BaseAddress}   kubeconfig: {kubeconfig}");
Console.WriteLine($"Vault double:          {vault.Address}   env: {vaultEnv}");
Console.WriteLine($"Workload controllers:  node {controllers.Options.NodeName}, new pods ready after {readySeconds:0.#}s (SANDBOX_POD_READY_SECONDS)");
Console.WriteLine();
Console.WriteLine($"  kubectl --kubeconfig {Path.GetRelativePath(Environment.CurrentDirectory, kubeconfig)} get namespaces");
Console.WriteLine($"  set -a; . {Path.GetRelativePath(Environment.CurrentDirectory, vaultEnv)}; set +a");
Console.WriteLine("  curl -H \"X-Vault-Token: $VAULT_TOKEN\" $VAULT_ADDR/v1/secret/data/shop/db");
Console.WriteLine();
Console.WriteLine($"  curl --cacert {Path.GetRelativePath(Environment.CurrentDirectory, caFile)} {kube.BaseAddress}_sandbox/requests");
Console.WriteLine();
Console.WriteLine("Request counts (the controllers' own left out): GET /_sandbox/requests on either address. Ctrl-C to stop.");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopping.");
}
