using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Syncer.Doubles.Kubernetes.Controllers;

public sealed class ClusterControllersOptions
{
    /// <summary>A pod whose annotation has this key with the value "true" runs but never becomes Ready.</summary>
    public const string NeverReadyAnnotation = "sandbox.syncer.io/never-ready";

    /// <summary>
    /// The cluster's clock: how long pods take to become ready, progress deadlines, condition timestamps. Tests may
    /// pass a FakeTimeProvider. Retries after failed requests run on the wall clock.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long a new pod stays Pending (ContainerCreating) before it runs; zero (default): at once.</summary>
    public TimeSpan PodReadyDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Pods that run but never pass readiness (a stalled rollout). Default: those annotated
    /// <see cref="NeverReadyAnnotation"/>: "true" (in the pod template, so setting it is itself a rollout).
    /// </summary>
    public Func<V1Pod, bool> NeverReady { get; init; } = pod => pod.GetAnnotation(NeverReadyAnnotation) == "true";

    /// <summary>The one Node, which the kubelet part registers and every pod runs on.</summary>
    public string NodeName { get; init; } = "sandbox-node";

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    internal void Validate()
    {
        if (PodReadyDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PodReadyDelay), PodReadyDelay, "PodReadyDelay may not be negative");
        }

        if (string.IsNullOrWhiteSpace(NodeName))
        {
            throw new ArgumentException("NodeName is required", nameof(NodeName));
        }
    }
}
