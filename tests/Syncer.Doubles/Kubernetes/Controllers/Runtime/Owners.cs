using k8s;
using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>ownerReferences as controllers write and read them (metav1.NewControllerRef, IsControlledBy).</summary>
internal static class Owners
{
    public static V1OwnerReference ControllerRef(IKubernetesObject<V1ObjectMeta> owner, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    public static bool IsControlledBy(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> owner) =>
        obj.GetController() is { } controller && controller.Uid == owner.Metadata.Uid;

    /// <summary>Objects of <paramref name="candidates"/> controlled by <paramref name="owner"/> and not being deleted.</summary>
    public static List<T> Owned<T>(IEnumerable<T> candidates, IKubernetesObject<V1ObjectMeta> owner)
        where T : IKubernetesObject<V1ObjectMeta> =>
        [.. candidates.Where(c => c.Metadata.DeletionTimestamp is null && IsControlledBy(c, owner))];
}
