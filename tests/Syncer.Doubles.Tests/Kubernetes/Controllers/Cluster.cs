using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Kubernetes.Controllers;
using Syncer.Tests;

namespace Syncer.Doubles.Tests.Kubernetes.Controllers;

/// <summary>The API double with the cluster controllers beside it, the real client on it, and waits as kubectl reads status.</summary>
internal sealed class Cluster : IAsyncDisposable
{
    public const string Ns = "ns";

    /// <summary>How long a wait for the controllers may take: a deadline, never a sleep (the machine is shared and slow).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private Cluster(KubeApiDouble api, ClusterControllers controllers)
    {
        Api = api;
        Controllers = controllers;
        Client = new k8s.Kubernetes(api.CreateClientConfiguration());
    }

    public KubeApiDouble Api { get; }

    public ClusterControllers Controllers { get; }

    public k8s.Kubernetes Client { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Cluster> StartAsync(CancellationToken ct, ClusterControllersOptions? options = null)
    {
        var api = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = [Ns] }, ct);
        try
        {
            return new Cluster(api, await ClusterControllers.StartAsync(api, options, ct));
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public static V1Deployment Deployment(string name, int replicas = 2, string image = "nginx:1.27") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name, image),
        },
    };

    public static V1PodTemplateSpec Template(string app, string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = image }] },
    };

    public Task<V1Deployment> CreateAsync(V1Deployment d) => Client.AppsV1.CreateNamespacedDeploymentAsync(d, Ns, cancellationToken: Ct);

    public Task<V1Deployment> PatchDeploymentAsync(string name, string mergePatch) =>
        Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), name, Ns, cancellationToken: Ct);

    public async Task<List<V1ReplicaSet>> ReplicaSetsAsync(string app) =>
        [.. (await Client.AppsV1.ListNamespacedReplicaSetAsync(Ns, labelSelector: $"app={app}", cancellationToken: Ct)).Items];

    public async Task<List<V1Pod>> PodsAsync(string app) =>
        [.. (await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"app={app}", cancellationToken: Ct)).Items];

    /// <summary>Waits until kubectl rollout status would succeed (its exact checks), and returns the Deployment.</summary>
    public async Task<V1Deployment> RolledOutAsync(string name)
    {
        V1Deployment d = null!;
        await Eventually.HoldsAsync(async () =>
        {
            d = await Client.AppsV1.ReadNamespacedDeploymentAsync(name, Ns, cancellationToken: Ct);
            var s = d.Status;
            return s.ObservedGeneration >= d.Metadata.Generation && s.UpdatedReplicas == d.Spec.Replicas
                && s.Replicas == s.UpdatedReplicas && s.AvailableReplicas == s.UpdatedReplicas;
        }, $"deployment {name} has rolled out", Ct, Cluster.Patience);
        return d;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Controllers.DisposeAsync();
        await Api.DisposeAsync();
    }
}
