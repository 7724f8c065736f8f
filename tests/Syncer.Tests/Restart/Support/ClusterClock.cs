using k8s;
using Microsoft.Extensions.Time.Testing;
using Syncer.Doubles.Kubernetes.Controllers;

namespace Syncer.Tests.Restart.Support;

/// <summary>
/// The cluster's clock (the controllers' <see cref="ClusterControllersOptions.TimeProvider"/>): new pods stay
/// ContainerCreating until it moves, so a test decides when a rollout may finish. Syncer keeps the real clock.
/// </summary>
internal sealed class ClusterClock
{
    /// <summary>How long a new pod takes to become ready on this clock.</summary>
    public static readonly TimeSpan PodReadyDelay = TimeSpan.FromSeconds(10);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));

    public ClusterControllersOptions Options(Func<k8s.Models.V1Pod, bool>? neverReady = null) =>
        neverReady is null
            ? new() { TimeProvider = Time, PodReadyDelay = PodReadyDelay }
            : new() { TimeProvider = Time, PodReadyDelay = PodReadyDelay, NeverReady = neverReady };

    /// <summary>
    /// Polls <paramref name="condition"/>; while it does not hold and some pod is not ready, moves the clock one pod
    /// start-up on, so rollouts proceed one step per poll and never faster than Syncer can see them.
    /// </summary>
    public Task AdvanceUntilAsync(IKubernetes client, Func<Task<bool>> condition, string what, CancellationToken ct) =>
        Eventually.HoldsAsync(async () =>
        {
            if (await condition())
            {
                return true;
            }

            var pods = await client.CoreV1.ListNamespacedPodAsync(RolloutCluster.Ns, cancellationToken: ct);
            if (pods.Items.Any(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true))
            {
                Time.Advance(PodReadyDelay);
            }

            return false;
        }, what, ct, RolloutCluster.Patience);
}
