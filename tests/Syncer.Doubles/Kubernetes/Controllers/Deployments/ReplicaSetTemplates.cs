using k8s.Models;
using Syncer.Doubles.Kubernetes.Controllers.Runtime;

namespace Syncer.Doubles.Kubernetes.Controllers.Deployments;

/// <summary>Which ReplicaSet holds a Deployment's pod template, and the ReplicaSet made for a new template.</summary>
internal static class ReplicaSetTemplates
{
    public const string HashLabel = "pod-template-hash";

    /// <summary>EqualIgnoreHash: the templates are semantically the same but for the pod-template-hash label.</summary>
    public static bool Matches(V1ReplicaSet rs, V1Deployment d) => Key(rs.Spec.Template) == Key(d.Spec.Template);

    /// <summary>
    /// The new ReplicaSet <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>: owned by the Deployment, its template,
    /// labels and selector with the hash added, sized <paramref name="replicas"/>.
    /// </summary>
    public static V1ReplicaSet New(V1Deployment d, int replicas)
    {
        var hash = TemplateHash.OfTemplate(d.Spec.Template, d.Status?.CollisionCount);
        var template = CanonicalJson.Copy(d.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = WithHash(template.Metadata.Labels, hash);
        var selector = CanonicalJson.Copy(d.Spec.Selector);
        selector.MatchLabels = WithHash(selector.MatchLabels, hash);
        return new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{d.Metadata.Name}-{hash}",
                NamespaceProperty = d.Metadata.NamespaceProperty,
                Labels = template.Metadata.Labels,
                OwnerReferences = [Owners.ControllerRef(d, "apps/v1", "Deployment")],
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = replicas,
                MinReadySeconds = d.Spec.MinReadySeconds,
                Selector = selector,
                Template = template,
            },
        };
    }

    private static Dictionary<string, string> WithHash(IDictionary<string, string>? labels, string hash) =>
        new(labels ?? new Dictionary<string, string>()) { [HashLabel] = hash };

    private static string Key(V1PodTemplateSpec? template)
    {
        var copy = CanonicalJson.Copy(template ?? new V1PodTemplateSpec());
        copy.Metadata?.Labels?.Remove(HashLabel);
        return CanonicalJson.Semantic(copy);
    }
}
