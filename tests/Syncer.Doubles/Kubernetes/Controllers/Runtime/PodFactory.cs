using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>
/// A pod from a workload's template (controller.GetPodFromTemplate), owned by the workload and bound to the one
/// node at once: the sandbox has a single node, so there is no scheduler in between.
/// </summary>
internal static class PodFactory
{
    public static V1Pod FromTemplate(V1PodTemplateSpec template, V1OwnerReference owner, string ns, string nodeName,
        string? name = null, IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var copy = CanonicalJson.Copy(template);
        var labels = new Dictionary<string, string>(copy.Metadata?.Labels ?? new Dictionary<string, string>());
        foreach (var (key, value) in extraLabels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        var spec = copy.Spec;
        spec.NodeName = nodeName;
        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                GenerateName = name is null ? owner.Name + "-" : null,
                NamespaceProperty = ns,
                Labels = labels,
                Annotations = copy.Metadata?.Annotations,
                Finalizers = copy.Metadata?.Finalizers,
                OwnerReferences = [owner],
            },
            Spec = spec,
        };
    }

    /// <summary>Running or pending, not being deleted (controller.IsPodActive).</summary>
    public static bool IsActive(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase is not ("Succeeded" or "Failed");

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
