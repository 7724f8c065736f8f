using k8s;
using k8s.Models;
using Syncer.Spec;

namespace Syncer.Tests.Restart.Support;

/// <summary>
/// Every state the test namespace's Deployments went through, from a watch of the test's own: how many rollouts Syncer
/// started were in progress at once (rolled by Syncer, not yet rolled out as <c>kubectl rollout status</c> checks).
/// </summary>
internal sealed class RolloutWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _watching;
    private readonly Dictionary<string, V1Deployment> _latest = [];
    private int _max;

    private RolloutWatch(IKubernetes client, V1DeploymentList listed, CancellationToken ct)
    {
        foreach (var deployment in listed.Items)
        {
            _latest[deployment.Metadata.Name] = deployment;
        }

        var resourceVersion = listed.Metadata.ResourceVersion;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _watching = Task.Run(async () =>
        {
            var watch = client.AppsV1.ListNamespacedDeploymentWithHttpMessagesAsync(RolloutCluster.Ns, resourceVersion: resourceVersion, watch: true, cancellationToken: _stop.Token);
#pragma warning disable CS0618 // the one watch entry point that takes a list call
            await foreach (var (type, deployment) in watch.WatchAsync<V1Deployment, V1DeploymentList>(cancellationToken: _stop.Token))
#pragma warning restore CS0618
            {
                lock (_latest)
                {
                    if (type == WatchEventType.Deleted)
                    {
                        _latest.Remove(deployment.Metadata.Name);
                    }
                    else
                    {
                        _latest[deployment.Metadata.Name] = deployment;
                    }

                    _max = Math.Max(_max, _latest.Values.Count(RolledAndRolling));
                }
            }
        }, ct);
    }

    /// <summary>The most Syncer-started rollouts in progress at once, over every state seen so far.</summary>
    public int MaxInProgress
    {
        get
        {
            lock (_latest)
            {
                return _max;
            }
        }
    }

    public static async Task<RolloutWatch> StartAsync(IKubernetes client, CancellationToken ct)
    {
        var list = await client.AppsV1.ListNamespacedDeploymentAsync(RolloutCluster.Ns, cancellationToken: ct);
        return new RolloutWatch(client, list, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static bool RolledAndRolling(V1Deployment d) =>
        d.Metadata.Annotations?.ContainsKey(SyncAnnotations.RolledFor) == true && !WorkloadHelper.IsComplete(d);
}
