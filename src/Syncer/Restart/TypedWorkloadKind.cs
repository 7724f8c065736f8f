using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Syncer.Spec;

namespace Syncer.Restart;

/// <summary>
/// A row of the workload table with its types: how to list and watch the kind (all namespaces or one), patch it,
/// find its pod template, and read whether it is paused, updates OnDelete, and how far its rollout is. Everything
/// else is the same for every kind and lives here once (<see cref="Record"/>).
/// </summary>
internal sealed class WorkloadKind<T, TList>(string name, string resource, string kubeKind, bool needsOwnDeadline)
    : WorkloadKind(name, resource, kubeKind, needsOwnDeadline)
    where T : class, IKubernetesObject<V1ObjectMeta>, new()
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    /// <summary>A list or watch of one namespace, or of all when the scope is null.</summary>
    public required Func<IKubernetes, string?, ListRequest, CancellationToken, Task<HttpOperationResponse<TList>>> List { get; init; }

    /// <summary>A patch of one workload (body, namespace, name).</summary>
    public required Func<IKubernetes, V1Patch, string, string, CancellationToken, Task<T>> Patch { get; init; }

    public required Func<T, V1PodTemplateSpec?> Template { get; init; }

    public required Func<T, bool> Paused { get; init; }

    public required Func<T, bool> OnDelete { get; init; }

    public required Func<T, RolloutProgress> Progress { get; init; }

    public override async Task<WorkloadRecord> PatchAsync(IKubernetes client, string ns, string name, string mergePatch, CancellationToken cancellationToken) =>
        Record(await Patch(client, new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), ns, name, cancellationToken));

    /// <summary>What the index keeps of <paramref name="workload"/>.</summary>
    public WorkloadRecord Record(T workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var metadata = workload.Metadata;
        var template = Template(workload);
        return new WorkloadRecord(
            new WorkloadKey(this, metadata.NamespaceProperty ?? "", metadata.Name),
            metadata.Uid ?? "",
            metadata.ResourceVersion ?? "",
            metadata.CreationTimestamp is { } created ? Utc(created) : null,
            string.Equals(Annotation(metadata.Annotations, SyncAnnotations.WorkloadRestart)?.Trim(), SyncAnnotations.WorkloadOptOutValue, StringComparison.OrdinalIgnoreCase),
            RolledFor.Parse(Annotation(metadata.Annotations, SyncAnnotations.RolledFor)),
            Time(Annotation(template?.Metadata?.Annotations, SyncAnnotations.RestartedAt)),
            SecretReferences.Of(template?.Spec),
            metadata.Generation ?? 0,
            Paused(workload),
            OnDelete(workload),
            Progress(workload));
    }

    private static string? Annotation(IDictionary<string, string>? annotations, string key) =>
        annotations is not null && annotations.TryGetValue(key, out var value) ? value : null;

    private static DateTimeOffset Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime()),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
    };

    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
