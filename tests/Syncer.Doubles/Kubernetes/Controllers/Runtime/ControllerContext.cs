using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>What every controller shares: the client, the cluster's clock, the options and one informer per kind.</summary>
internal sealed class ControllerContext
{
    public ControllerContext(IKubernetes client, ClusterControllersOptions options)
    {
        Client = client;
        Options = options;
        Logger = options.LoggerFactory.CreateLogger("Syncer.Doubles.ClusterControllers");
        Deployments = new(ClusterApis.Deployments(client), Logger);
        ReplicaSets = new(ClusterApis.ReplicaSets(client), Logger);
        StatefulSets = new(ClusterApis.StatefulSets(client), Logger);
        DaemonSets = new(ClusterApis.DaemonSets(client), Logger);
        Revisions = new(ClusterApis.ControllerRevisions(client), Logger);
        Pods = new(ClusterApis.Pods(client), Logger);
        Nodes = new(ClusterApis.Nodes(client), Logger);
    }

    public IKubernetes Client { get; }

    public ClusterControllersOptions Options { get; }

    public TimeProvider Clock => Options.TimeProvider;

    public ILogger Logger { get; }

    public Informer<V1Deployment> Deployments { get; }

    public Informer<V1ReplicaSet> ReplicaSets { get; }

    public Informer<V1StatefulSet> StatefulSets { get; }

    public Informer<V1DaemonSet> DaemonSets { get; }

    public Informer<V1ControllerRevision> Revisions { get; }

    public Informer<V1Pod> Pods { get; }

    public Informer<V1Node> Nodes { get; }

    /// <summary>The cluster's time as metav1.Time stores it (whole seconds, UTC).</summary>
    public DateTime Now()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    public IEnumerable<Task> RunInformers(CancellationToken ct) =>
        [Deployments.RunAsync(ct), ReplicaSets.RunAsync(ct), StatefulSets.RunAsync(ct), DaemonSets.RunAsync(ct),
         Revisions.RunAsync(ct), Pods.RunAsync(ct), Nodes.RunAsync(ct)];

    public Task Synced =>
        Task.WhenAll(Deployments.Synced, ReplicaSets.Synced, StatefulSets.Synced, DaemonSets.Synced, Revisions.Synced, Pods.Synced, Nodes.Synced);
}
