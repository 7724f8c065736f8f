using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Syncer.Doubles;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;
using Syncer.Spec;

namespace Syncer.Tests.Install;

/// <summary>
/// An overlay installed into the sandbox as an admin installs it into a cluster, and Syncer run as its Deployment
/// runs it: the doubles in-process (Vault "in the cluster"), the real kubectl apply -k (validation on; the
/// Prometheus Operator CRDs first when the overlay has monitoring), tests/e2e/steps.sh vault-config for Vault, and
/// the real Syncer binary with the installed ServiceAccount's token (TokenRequest), a projected-style Vault token
/// (the overlay's audience) in the file Vault:Auth:JwtFile names, POD_NAMESPACE and POD_NAME, and the overlay's
/// ConfigMap as its environment; only VAULT_ADDR is the sandbox's.
/// </summary>
internal sealed class SandboxInstall : IAsyncDisposable
{
    public const string SyncerNamespace = "syncer-system";

    /// <summary>A namespace no overlay watches, where Syncer must see nothing.</summary>
    public const string Unwatched = "unwatched";

    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-install-").FullName;

    private SandboxInstall(string overlay, RenderedManifests rendered, KubeApiDouble api, VaultDouble vault)
    {
        Overlay = overlay;
        Rendered = rendered;
        Api = api;
        Vault = vault;
        Admin = new k8s.Kubernetes(api.CreateClientConfiguration());
        AdminKubeconfig = api.WriteKubeconfig(Path.Combine(_dir, "kubeconfig"));
    }

    public string Overlay { get; }

    public RenderedManifests Rendered { get; }

    public KubeApiDouble Api { get; }

    public VaultDouble Vault { get; }

    public IKubernetes Admin { get; }

    public string AdminKubeconfig { get; }

    /// <summary>The namespaces whose labeled Secrets Syncer fills: the overlay's watched ones, or "shop" when it watches all.</summary>
    public IReadOnlyList<string> AppNamespaces => Rendered.WatchedNamespaces.Count > 0 ? Rendered.WatchedNamespaces : ["shop"];

    /// <summary>A fresh cluster (default, kube-system, kube-public) with the app namespaces and one unwatched, and Vault in it.</summary>
    public static async Task<SandboxInstall> StartAsync(string overlay, CancellationToken ct)
    {
        var rendered = await RenderedManifests.RenderOverlayAsync(overlay, ct);
        var namespaces = (rendered.WatchedNamespaces.Count > 0 ? rendered.WatchedNamespaces : ["shop"]).Append(Unwatched).ToList();
        var api = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = namespaces }, ct);
        var vault = await VaultDouble.StartAsync(cancellationToken: ct);
        await VaultInCluster.ConnectAsync(api, vault, ct);
        return new SandboxInstall(overlay, rendered, api, vault);
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> KubectlAsync(CancellationToken ct, params string[] arguments) =>
        ExternalTool.RunAsync("kubectl", ["--kubeconfig", AdminKubeconfig, .. arguments], ct, workingDirectory: RenderedManifests.RepositoryRoot);

    /// <summary>kubectl apply -k kustomize/overlays/&lt;overlay&gt;, after the Prometheus Operator CRDs when it needs them.</summary>
    public async Task<string> ApplyAsync(CancellationToken ct)
    {
        var output = new StringBuilder();
        if (Rendered.Objects.Any(o => ((string?)o["apiVersion"] ?? "").StartsWith("monitoring.coreos.com/", StringComparison.Ordinal)))
        {
            output.Append(Check(await KubectlAsync(ct, "apply", "-f", "tests/e2e/prometheus-operator-crds.yaml"), "apply the CRDs"));
            output.Append(Check(await KubectlAsync(ct, "wait", "--for=condition=Established", "crd/servicemonitors.monitoring.coreos.com", "crd/prometheusrules.monitoring.coreos.com"), "wait for the CRDs"));
        }

        output.Append(Check(await KubectlAsync(ct, "apply", "-k", $"kustomize/overlays/{Overlay}"), $"kubectl apply -k kustomize/overlays/{Overlay}"));
        return output.ToString();
    }

    /// <summary>tests/e2e/steps.sh vault-config: Kubernetes auth (kubernetes_host the sandbox's API), the policy, the role with the overlay's audience.</summary>
    public async Task ConfigureVaultAsync(CancellationToken ct) => Check(await ExternalTool.RunAsync(Path.Combine(RenderedManifests.RepositoryRoot, "tests", "e2e", "steps.sh"), ["vault-config"], ct,
        workingDirectory: RenderedManifests.RepositoryRoot, environment: new Dictionary<string, string>
        {
            ["KUBECONFIG"] = AdminKubeconfig,
            ["VAULT_ADDR"] = Vault.Address.ToString().TrimEnd('/'),
            ["VAULT_TOKEN"] = Vault.RootToken,
            ["E2E_KUSTOMIZATION"] = $"kustomize/overlays/{Overlay}",
            ["E2E_KUBERNETES_HOST"] = Api.BaseAddress.ToString().TrimEnd('/'),
        }), "steps.sh vault-config");

    /// <summary>The Deployment's replica count in the overlay (2 where it elects a leader).</summary>
    public long Replicas => RenderedManifests.Long(Rendered.Single("Deployment", "syncer")["spec"]!["replicas"]);

    /// <summary>The identity holding the leader-election Lease, or null while there is none.</summary>
    public async Task<string?> LeaderAsync(CancellationToken ct)
    {
        var leases = await Admin.CoordinationV1.ListNamespacedLeaseAsync(SyncerNamespace, fieldSelector: "metadata.name=syncer-leader", cancellationToken: ct);
        return leases.Items.SingleOrDefault()?.Spec.HolderIdentity;
    }

    /// <summary>Starts Syncer as a replica of the Deployment would run, with tokens of the installed ServiceAccount.</summary>
    public async Task<SyncerProcess> StartSyncerAsync(CancellationToken ct, string podName = "syncer-0")
    {
        var apiToken = await TokenAsync(null, 3600, ct);
        var vaultToken = Path.Combine(_dir, "vault-token");
        await File.WriteAllTextAsync(vaultToken, await TokenAsync((string?)Rendered.Objects.Single(o => (string?)o["kind"] == "Deployment")
            ["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "vault-token")!
            ["projected"]!["sources"]![0]!["serviceAccountToken"]!["audience"], 600, ct), ct);
        var deployment = await Admin.AppsV1.ReadNamespacedDeploymentAsync("syncer", SyncerNamespace, cancellationToken: ct);
        var container = deployment.Spec.Template.Spec.Containers[0];
        var configMap = await Admin.CoreV1.ReadNamespacedConfigMapAsync(container.EnvFrom[0].ConfigMapRef.Name, SyncerNamespace, cancellationToken: ct);
        var environment = new Dictionary<string, string>(configMap.Data);
        foreach (var variable in container.Env.Where(e => e.Value is not null))
        {
            environment[variable.Name] = variable.Value;
        }

        environment["POD_NAMESPACE"] = SyncerNamespace; // the Deployment's fieldRef metadata.namespace
        environment["POD_NAME"] = podName;              // ... and metadata.name
        environment["Vault__Auth__JwtFile"] = vaultToken;   // where the projected token is mounted
        environment["VAULT_ADDR"] = Vault.Address.ToString().TrimEnd('/');
        environment["KUBECONFIG"] = Api.WriteKubeconfig(Path.Combine(_dir, "syncer-kubeconfig"), apiToken);
        environment["Urls"] = "http://127.0.0.1:0";
        environment["Syncer__Sync__MinimumRefresh"] = "00:00:01"; // force-sync and refreshes fast enough for a test
        return SyncerProcess.Start(environment);
    }

    /// <summary>A token of the installed ServiceAccount (null audience: the API server's).</summary>
    public async Task<string> TokenAsync(string? audience, long seconds, CancellationToken ct) =>
        (await Admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec { Audiences = audience is null ? null : [audience], ExpirationSeconds = seconds },
        }, "syncer", SyncerNamespace, cancellationToken: ct)).Status.Token;

    /// <summary>
    /// The product within the installed rights: a labeled Secret in each app namespace filled from Vault, a Vault
    /// change reaching one (force-sync), a Synced Event, the data-hash key created in Syncer's namespace. Null when
    /// all of it holds; else what failed, with the API server's 403 messages and Syncer's last lines.
    /// </summary>
    public async Task<string?> ProductProblemAsync(IReadOnlyList<SyncerProcess> replicas, CancellationToken ct)
    {
        try
        {
            foreach (var ns in AppNamespaces)
            {
                Vault.WriteSecret("secret", $"{ns}/db", new Dictionary<string, object?> { ["password"] = $"{ns}-1" });
                await Admin.CoreV1.CreateNamespacedSecretAsync(Labeled("db", ns), ns, cancellationToken: ct);
            }

            foreach (var ns in AppNamespaces)
            {
                await Eventually.HoldsAsync(async () => await ValueAsync(ns, "db", ct) == $"{ns}-1", $"{ns}/db filled", ct, TimeSpan.FromSeconds(30));
            }

            var first = AppNamespaces[0];
            Vault.WriteSecret("secret", $"{first}/db", new Dictionary<string, object?> { ["password"] = $"{first}-2" });
            await ForceSyncAsync(first, "1", ct);
            await Eventually.HoldsAsync(async () => await ValueAsync(first, "db", ct) == $"{first}-2", $"{first}/db changed", ct, TimeSpan.FromSeconds(30));
            await Eventually.HoldsAsync(async () => (await Admin.CoreV1.ListNamespacedEventAsync(first, cancellationToken: ct)).Items.Any(e => e.Reason == "Synced"),
                $"a Synced Event in {first}", ct, TimeSpan.FromSeconds(30));
            await Admin.CoreV1.ReadNamespacedSecretAsync("syncer-hmac-key", SyncerNamespace, cancellationToken: ct);
            return null;
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or k8s.Autorest.HttpOperationException)
        {
            return Explain(e, replicas);
        }
    }

    /// <summary>
    /// Leader election within the rights: one replica holds the Lease; when it stops (a crash: the Lease is not
    /// released) another takes it over within the lease duration and syncs a change made after the handover.
    /// </summary>
    public async Task<string?> TakeoverProblemAsync(IReadOnlyList<SyncerProcess> replicas, IReadOnlyList<string> names, CancellationToken ct)
    {
        try
        {
            var leader = await LeaderAsync(ct);
            Assert.Contains(leader, names);
            await replicas[names.ToList().IndexOf(leader!)].DisposeAsync();
            await Eventually.HoldsAsync(async () => await LeaderAsync(ct) is { } next && next != leader, "another replica leads", ct, TimeSpan.FromSeconds(45));
            var ns = AppNamespaces[^1];
            Vault.WriteSecret("secret", $"{ns}/db", new Dictionary<string, object?> { ["password"] = $"{ns}-after-handover" });
            await ForceSyncAsync(ns, "2", ct);
            await Eventually.HoldsAsync(async () => await ValueAsync(ns, "db", ct) == $"{ns}-after-handover", $"{ns}/db changed after the handover", ct, TimeSpan.FromSeconds(30));
            return null;
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or k8s.Autorest.HttpOperationException)
        {
            return Explain(e, replicas);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Vault.DisposeAsync();
        await Api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task ForceSyncAsync(string ns, string value, CancellationToken ct) =>
        Admin.CoreV1.PatchNamespacedSecretAsync(new V1Patch(new { metadata = new { annotations = new Dictionary<string, string> { [SyncAnnotations.ForceSync] = value } } }, V1Patch.PatchType.MergePatch),
            "db", ns, cancellationToken: ct);

    private string Explain(Exception e, IReadOnlyList<SyncerProcess> replicas) =>
        $"{e.Message}\nThe API server refused: {string.Join("\n  ", Api.Denials.Distinct())}\n"
        + string.Join("\n", replicas.Select((r, i) => $"Replica {i}'s last lines:\n{Tail(r.Output)}"));

    private async Task<string?> ValueAsync(string ns, string name, CancellationToken ct)
    {
        var secret = await Admin.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct);
        return secret.Data?.TryGetValue("password", out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;
    }

    private static V1Secret Labeled(string name, string ns) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = SyncAnnotations.EnabledValue },
            Annotations = new Dictionary<string, string> { [SyncAnnotations.Path] = $"secret/{ns}/db" },
        },
        Type = "Opaque",
    };

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(15));

    private static string Check((int ExitCode, string Stdout, string Stderr) result, string what)
    {
        Assert.True(result.ExitCode == 0, $"{what} failed ({result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
        return result.Stdout;
    }
}
