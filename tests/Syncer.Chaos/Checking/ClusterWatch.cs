using k8s;
using k8s.Models;
using Syncer.Chaos.Watching;
using Syncer.Chaos.World;

namespace Syncer.Chaos.Checking;

/// <summary>
/// The invariant checker's eyes: watches, with a token of its own (counted apart, so faults spare it), of the labeled
/// Secrets, of Events and of the workloads, resumed after every drop. Each Secret version goes to the
/// <see cref="SecretInvariants"/>, each workload version to the <see cref="RolloutInvariants"/>; the metadata of every
/// version and every Event are kept as texts for the leak check (annotations over time, not only at the end).
/// </summary>
public sealed class ClusterWatch(IKubernetes client, SecretInvariants secrets, RolloutInvariants rollouts, Violations violations) : IAsyncDisposable
{
    public const string NoGap = "the checker saw every version (no 410 on its own resumes)";

    private readonly CancellationTokenSource _stop = new(); // not disposed: cancelled once, it holds no timer
    private readonly Lock _lock = new();
    private readonly List<(string Where, string Text)> _texts = [];
    private readonly List<Task> _watches = [];

    /// <summary>Texts of every Secret's metadata and every Event as they were seen, for the leak check.</summary>
    public IReadOnlyList<(string Where, string Text)> Texts
    {
        get { lock (_lock) { return [.. _texts]; } }
    }

    public void Start()
    {
        var ct = _stop.Token;
        _watches.Add(Run<V1Secret>((rv, e, c) => client.CoreV1.WatchListSecretForAllNamespacesAsync(labelSelector: Contract.Selector, resourceVersion: rv, allowWatchBookmarks: true, onError: e, cancellationToken: c),
            s => { Keep($"Secret {s.Metadata.NamespaceProperty}/{s.Metadata.Name}@{s.Metadata.ResourceVersion}", s.Metadata); secrets.OnVersion(s); }, ct));
        _watches.Add(Run<Corev1Event>((rv, e, c) => client.CoreV1.WatchListEventForAllNamespacesAsync(resourceVersion: rv, allowWatchBookmarks: true, onError: e, cancellationToken: c),
            ev => Keep($"Event {ev.Metadata.NamespaceProperty}/{ev.Metadata.Name}", ev), ct));
        _watches.Add(Run<V1Deployment>((rv, e, c) => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(resourceVersion: rv, allowWatchBookmarks: true, onError: e, cancellationToken: c),
            d => Workload("Deployment", d.Metadata, d.Spec.Template), ct));
        _watches.Add(Run<V1StatefulSet>((rv, e, c) => client.AppsV1.WatchListStatefulSetForAllNamespacesAsync(resourceVersion: rv, allowWatchBookmarks: true, onError: e, cancellationToken: c),
            d => Workload("StatefulSet", d.Metadata, d.Spec.Template), ct));
        _watches.Add(Run<V1DaemonSet>((rv, e, c) => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(resourceVersion: rv, allowWatchBookmarks: true, onError: e, cancellationToken: c),
            d => Workload("DaemonSet", d.Metadata, d.Spec.Template), ct));
    }

    /// <summary>Stops watching (idempotent); the texts stay.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_watches);
        }
    }

    private Task Run<T>(Func<string?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> open, Action<T> onVersion, CancellationToken ct)
        where T : IMetadata<V1ObjectMeta> =>
        Task.Run(() => ResumingWatch.RunAsync(open, (type, obj) =>
        {
            if (type != WatchEventType.Deleted)
            {
                onVersion(obj);
            }
        }, e => violations.Check(false, NoGap, () => $"{typeof(T).Name} watch: {e.Message}"), ct), CancellationToken.None);

    private void Workload(string kind, V1ObjectMeta meta, V1PodTemplateSpec template)
    {
        Keep($"{kind} {meta.NamespaceProperty}/{meta.Name}@{meta.ResourceVersion}", new { meta.Annotations, template = template?.Metadata?.Annotations });
        rollouts.OnVersion(kind, meta, template);
    }

    private void Keep(string where, object part)
    {
        var text = KubernetesJson.Serialize(part);
        lock (_lock)
        {
            _texts.Add((where, text));
        }
    }
}
