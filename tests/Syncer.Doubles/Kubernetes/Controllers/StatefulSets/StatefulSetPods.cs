using System.Globalization;
using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;

namespace Syncer.Doubles.Kubernetes.Controllers.StatefulSets;

/// <summary>A StatefulSet's pods: named by ordinal, labelled with the revision they were made from.</summary>
internal static class StatefulSetPods
{
    public const string RevisionLabel = "controller-revision-hash";

    public static int Ordinal(V1StatefulSet sts, V1Pod pod) =>
        pod.Metadata.Name.StartsWith(sts.Metadata.Name + "-", StringComparison.Ordinal)
        && int.TryParse(pod.Metadata.Name.AsSpan(sts.Metadata.Name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            ? ordinal : -1;

    public static string? Revision(V1Pod pod) => pod.GetLabel(RevisionLabel);

    /// <summary>newStatefulSetPod: the revision's template, the stable name and hostname, the identity labels.</summary>
    public static V1Pod New(V1StatefulSet sts, V1PodTemplateSpec template, string revision, int ordinal, string nodeName)
    {
        var name = $"{sts.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";
        var labels = new Dictionary<string, string>
        {
            [RevisionLabel] = revision,
            ["statefulset.kubernetes.io/pod-name"] = name,
            ["apps.kubernetes.io/pod-index"] = ordinal.ToString(CultureInfo.InvariantCulture),
        };
        var pod = PodFactory.FromTemplate(template, Owners.ControllerRef(sts, "apps/v1", "StatefulSet"),
            sts.Metadata.NamespaceProperty, nodeName, name, labels);
        pod.Spec.Hostname = name;
        pod.Spec.Subdomain = sts.Spec.ServiceName;
        return pod;
    }
}
