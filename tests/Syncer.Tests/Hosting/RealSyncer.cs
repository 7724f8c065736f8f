using System.Text;
using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;
using Syncer.Spec;

namespace Syncer.Tests.Hosting;

/// <summary>
/// Both doubles and the whole product against them: the real Syncer host (AddSyncer: informer, Quartz, dispatcher,
/// sync engine, real Vault client, real KubernetesClient) over loopback HTTP, which a test may stop and start again
/// (a Syncer restart), and a KubernetesClient for the test's own reads and writes.
/// </summary>
internal sealed class RealSyncer : IAsyncDisposable
{
    private RealSyncer(KubeApiDouble api, VaultDouble vault)
    {
        Api = api;
        Vault = vault;
        Client = new k8s.Kubernetes(api.CreateClientConfiguration());
    }

    public KubeApiDouble Api { get; }

    public VaultDouble Vault { get; }

    public IKubernetes Client { get; }

    public SyncerTestHost? Host { get; private set; }

    public static async Task<RealSyncer> CreateAsync(IEnumerable<string> namespaces, CancellationToken ct) =>
        new(await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = ["syncer-system", "shop", .. namespaces] }, ct),
            await VaultDouble.StartAsync(cancellationToken: ct));

    /// <summary>
    /// Starts Syncer with its defaults (its own namespace is syncer-system, as in the sandbox) plus <paramref name="extra"/>,
    /// authenticated with <paramref name="token"/> (the double's admin token when null).
    /// </summary>
    public async Task StartAsync(CancellationToken ct, IDictionary<string, string?>? extra = null, string? token = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Vault:Address"] = Vault.Address.ToString(),
            ["Vault:Auth:Token"] = Vault.RootToken,
            ["Syncer:Sync:MinimumRefresh"] = "00:00:01",
            ["Syncer:Scheduling:MaxJitter"] = "00:00:00",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Host = SyncerTestHost.Build(Api.CreateClientConfiguration(token), settings, realSyncEngine: true);
        await Host.StartAsync(ct);
    }

    /// <summary>Stops Syncer as a rollout or a crash would; the doubles keep running.</summary>
    public async Task StopAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            Host = null;
        }
    }

    public Task<V1Secret> CreateSecretAsync(string ns, string name, Dictionary<string, string> annotations, CancellationToken ct) =>
        Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Labels = new Dictionary<string, string> { [SyncAnnotations.Enabled] = SyncAnnotations.EnabledValue },
                    Annotations = annotations,
                },
                Type = "Opaque",
            },
            ns,
            cancellationToken: ct);

    public Task<V1Secret> PatchAnnotationAsync(string ns, string name, string key, string value, CancellationToken ct) =>
        Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch(new { metadata = new { annotations = new Dictionary<string, string> { [key] = value } } }, V1Patch.PatchType.MergePatch),
            name, ns, cancellationToken: ct);

    public async Task<string?> ValueAsync(string ns, string name, string key, CancellationToken ct)
    {
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct);
        return secret.Data?.TryGetValue(key, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;
    }

    public async Task<string?> AnnotationAsync(string ns, string name, string key, CancellationToken ct)
    {
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct);
        return secret.Metadata.Annotations?.TryGetValue(key, out var value) == true ? value : null;
    }

    public async Task<int> CountFilledAsync(string key, string value, CancellationToken ct)
    {
        var list = await Client.CoreV1.ListSecretForAllNamespacesAsync(labelSelector: SyncAnnotations.LabelSelector, cancellationToken: ct);
        return list.Items.Count(s => s.Data?.TryGetValue(key, out var v) == true && Encoding.UTF8.GetString(v) == value);
    }

    public async Task<HashSet<string>> ReasonsAsync(string ns, CancellationToken ct)
    {
        var events = await Client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: ct);
        return [.. events.Items.Select(e => e.Reason)];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Client.Dispose();
        await Vault.DisposeAsync();
        await Api.DisposeAsync();
    }
}
