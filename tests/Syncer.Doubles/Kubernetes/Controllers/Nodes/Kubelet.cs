using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;

namespace Syncer.Doubles.Kubernetes.Controllers.Nodes;

/// <summary>
/// The one node's kubelet, reduced to what users and controllers see: it registers the Node and reports each pod
/// bound to it as ContainerCreating, then (after <see cref="ClusterControllersOptions.PodReadyDelay"/> on the
/// cluster's clock) Running and Ready, or Running and never Ready for <see cref="ClusterControllersOptions.NeverReady"/>
/// pods. No containers run, no heartbeats are sent (the Node stays Ready), no probes, no restarts.
/// </summary>
internal sealed class Kubelet
{
    private readonly ControllerContext _cluster;
    private readonly IKubernetes _client;
    private readonly WorkQueue _queue = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);
    private int _lastIp;

    /// <param name="client">The kubelet's own client (user system:node:&lt;name&gt;); it reads through the shared informers.</param>
    public Kubelet(ControllerContext cluster, IKubernetes client)
    {
        _cluster = cluster;
        _client = client;
        cluster.Pods.OnChange((type, pod) =>
        {
            if (pod.Spec?.NodeName != cluster.Options.NodeName)
            {
                return;
            }

            if (type == WatchEventType.Deleted)
            {
                _firstSeen.TryRemove(ObjectKey.Of(pod), out _);
                return;
            }

            _queue.Add(ObjectKey.Of(pod));
        });
    }

    /// <summary>Creates the Node unless it exists (the controllers may start again against the same server).</summary>
    public async Task RegisterNodeAsync(CancellationToken ct)
    {
        try
        {
            await _client.CoreV1.CreateNodeAsync(NodeManifest.Build(_cluster.Options.NodeName, _cluster.Now()), cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Registered before.
        }
    }

    public Task RunAsync(CancellationToken ct) => new ControllerWorker("kubelet", _queue, SyncPodAsync, _cluster.Logger).RunAsync(ct);

    private async Task SyncPodAsync(string key, CancellationToken ct)
    {
        var pod = _cluster.Pods.Get(key);
        if (pod is null || !PodFactory.IsActive(pod) || pod.Spec.NodeName != _cluster.Options.NodeName)
        {
            return;
        }

        var now = _cluster.Clock.GetUtcNow();
        var remaining = _firstSeen.GetOrAdd(key, now) + _cluster.Options.PodReadyDelay - now;
        var target = remaining > TimeSpan.Zero ? PodRunState.Creating
            : _cluster.Options.NeverReady(pod) ? PodRunState.Unready : PodRunState.Ready;
        if (remaining > TimeSpan.Zero)
        {
            _queue.AddAfter(key, remaining, _cluster.Clock, ct);
        }

        if (PodStatusBuilder.StateOf(pod) == target)
        {
            return;
        }

        var updated = CanonicalJson.Copy(pod);
        updated.Status = PodStatusBuilder.Build(pod, target, _cluster.Now(), pod.Status?.PodIP ?? NextPodIp());
        await _client.CoreV1.ReplaceNamespacedPodStatusAsync(updated, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
        Log.PodState(_cluster.Logger, key, target.ToString());
    }

    private string NextPodIp() => $"10.244.0.{(Interlocked.Increment(ref _lastIp) % 253) + 2}";
}
