using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Syncer.Discovery;
using Syncer.Doubles.Kubernetes;
using Syncer.Observability;
using Syncer.Scheduling;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Tests.Hosting;

/// <summary>
/// The Kubernetes double plus the real Syncer host pointed at it (real KubernetesClient, real Quartz), and a
/// KubernetesClient for the test's own writes.
/// </summary>
internal sealed class SyncerCluster : IAsyncDisposable
{
    private SyncerCluster(KubeApiDouble api, IKubernetes client, SyncerTestHost host)
    {
        Api = api;
        Client = client;
        Host = host;
    }

    public KubeApiDouble Api { get; }

    public IKubernetes Client { get; }

    public SyncerTestHost Host { get; }

    public ManagedSecretStore Store => Host.Services.GetRequiredService<ManagedSecretStore>();

    /// <summary>The Secret informer (the workload kinds have informers of their own).</summary>
    public IResourceInformer Informer => Host.Services.GetRequiredService<ResourceInformer<PartialObjectMetadata>>();

    public SyncerMetrics Metrics => Host.Services.GetRequiredService<SyncerMetrics>();

    public static async Task<SyncerCluster> CreateAsync(
        CancellationToken cancellationToken, KubeApiDoubleOptions? apiOptions = null, IDictionary<string, string?>? settings = null)
    {
        var api = await KubeApiDouble.StartAsync(apiOptions ?? new KubeApiDoubleOptions { Namespaces = ["shop", "billing"] }, cancellationToken);
        api.AddNamespace("syncer-system"); // Syncer's own namespace: its leader Lease
        var client = new k8s.Kubernetes(api.CreateClientConfiguration());
        return new SyncerCluster(api, client, SyncerTestHost.Build(api.CreateClientConfiguration(), settings));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Host.StartAsync(cancellationToken);
        await Eventually.HoldsAsync(() => Informer.IsReady, "the initial list completed", cancellationToken);
    }

    public Task<V1Secret> CreateSecretAsync(string ns, string name, bool labeled = true, IDictionary<string, string>? annotations = null, CancellationToken cancellationToken = default) =>
        Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Labels = labeled ? new Dictionary<string, string> { [SyncAnnotations.Enabled] = SyncAnnotations.EnabledValue } : null,
                    Annotations = annotations ?? new Dictionary<string, string> { [SyncAnnotations.Path] = $"secret/{ns}/{name}" },
                },
                Type = "Opaque",
            },
            ns,
            cancellationToken: cancellationToken);

    public async Task<V1Secret> EditSecretAsync(string ns, string name, Action<V1Secret> edit, CancellationToken cancellationToken)
    {
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
        edit(secret);
        return await Client.CoreV1.ReplaceNamespacedSecretAsync(secret, name, ns, cancellationToken: cancellationToken);
    }

    public bool Indexed(string ns, string name) => Store.TryGet(new SecretKey(ns, name), out _);

    public async Task<bool> HasJobAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var scheduler = await Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        return await scheduler.Exists(SecretJobScheduler.JobKeyFor(new SecretKey(ns, name)), cancellationToken);
    }

    public double WatchRestarts(string reason) => Metrics.WatchRestartsTotal.WithLabels("secrets", reason).Value;

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Client.Dispose();
        await Api.DisposeAsync();
    }
}
