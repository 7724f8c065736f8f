using System.Security.Cryptography;
using k8s;
using Syncer.Doubles.Kubernetes.Controllers.DaemonSets;
using Syncer.Doubles.Kubernetes.Controllers.Deployments;
using Syncer.Doubles.Kubernetes.Controllers.Nodes;
using Syncer.Doubles.Kubernetes.Controllers.ReplicaSets;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;
using Syncer.Doubles.Kubernetes.Controllers.StatefulSets;

namespace Syncer.Doubles.Kubernetes.Controllers;

/// <summary>
/// The workload controllers of a kind cluster, beside a <see cref="KubeApiDouble"/> as kube-controller-manager and
/// a kubelet are beside kube-apiserver: Deployment, ReplicaSet, StatefulSet and DaemonSet controllers, a garbage
/// collector and one Node whose pods become Running and Ready. They talk to the double over HTTP with the real
/// KubernetesClient (list and watch, then writes), with their own tokens, whose requests are counted in
/// <see cref="Requests"/> and not in <see cref="KubeApiDouble.Requests"/>. What they simplify is listed in
/// docs/doubles-kubernetes.md.
/// </summary>
public sealed class ClusterControllers : IAsyncDisposable
{
    /// <summary>The user the controllers' token authenticates as.</summary>
    public const string UserName = "system:kube-controller-manager";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _clients;
    private readonly List<Task> _loops = [];

    private ClusterControllers(ClusterControllersOptions options, RequestCounter requests, List<IDisposable> clients)
    {
        Options = options;
        Requests = requests;
        _clients = clients;
    }

    /// <summary>The controllers' and the kubelet's own requests (verb, resource), kept apart from Syncer's.</summary>
    public RequestCounter Requests { get; }

    public ClusterControllersOptions Options { get; }

    /// <summary>Starts the controllers against <paramref name="api"/>; returns once their caches are filled and the Node exists.</summary>
    public static async Task<ClusterControllers> StartAsync(KubeApiDouble api, ClusterControllersOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ClusterControllersOptions();
        options.Validate();
        var requests = new RequestCounter();
        var controllerClient = new k8s.Kubernetes(api.CreateClientConfiguration(AddToken(api, UserName, requests, ControllerRules)));
        var nodeClient = new k8s.Kubernetes(api.CreateClientConfiguration(AddToken(api, $"system:node:{options.NodeName}", requests, KubeletRules)));
        var controllers = new ClusterControllers(options, requests, [controllerClient, nodeClient]);
        try
        {
            await controllers.RunAsync(new ControllerContext(controllerClient, options), nodeClient, cancellationToken);
            return controllers;
        }
        catch
        {
            await controllers.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _clients.ForEach(c => c.Dispose());
        _stop.Dispose();
    }

    private static AccessRule[] ControllerRules =>
    [
        new(["get", "list", "watch"], ["deployments", "statefulsets", "daemonsets", "nodes"]),
        new(["get", "list", "watch", "create", "update", "patch", "delete"], ["replicasets", "pods", "controllerrevisions"]),
        new(["update", "patch"], ["deployments/status", "replicasets/status", "statefulsets/status", "daemonsets/status"]),
    ];

    private static AccessRule[] KubeletRules =>
    [
        new(["get", "list", "watch", "create", "update", "patch"], ["nodes", "nodes/status"]),
        new(["get", "list", "watch"], ["pods"]),
        new(["update", "patch"], ["pods/status"]),
    ];

    private static string AddToken(KubeApiDouble api, string user, RequestCounter requests, AccessRule[] rules)
    {
        var token = "component-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        api.AddToken(token, user, requests, rules);
        return token;
    }

    private async Task RunAsync(ControllerContext cluster, IKubernetes nodeClient, CancellationToken cancellationToken)
    {
        // Constructing a controller registers its informer handlers: all of them before the informers start.
        var kubelet = new Kubelet(cluster, nodeClient);
        var workers = new Func<CancellationToken, Task>[]
        {
            kubelet.RunAsync,
            new DeploymentController(cluster).RunAsync,
            new ReplicaSetController(cluster).RunAsync,
            new StatefulSetController(cluster).RunAsync,
            new DaemonSetController(cluster).RunAsync,
            new GarbageCollector(cluster).RunAsync,
        };
        _loops.AddRange(cluster.RunInformers(_stop.Token));
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        await cluster.Synced.WaitAsync(starting.Token);
        await kubelet.RegisterNodeAsync(starting.Token);
        _loops.AddRange(workers.Select(run => Task.Run(() => run(_stop.Token), CancellationToken.None)));
        Log.Started(cluster.Logger, UserName, Options.NodeName, Options.PodReadyDelay);
    }
}
