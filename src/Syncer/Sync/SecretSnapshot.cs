using k8s.Models;

namespace Syncer.Sync;

/// <summary>
/// What the index keeps of one labeled Secret as last seen: identity, resourceVersion and its <c>syncer.io/*</c>
/// annotations (the user's inputs and what Syncer wrote; packed, <see cref="PackedAnnotations"/>), never its data nor
/// its other annotations (last-applied-configuration can be large). Immutable; replaced on every event.
/// </summary>
internal sealed record SecretSnapshot(string Uid, string ResourceVersion, IReadOnlyDictionary<string, string> Annotations)
{
    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) ? value : null;

    public static SecretSnapshot From(V1ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new SecretSnapshot(metadata.Uid ?? "", metadata.ResourceVersion ?? "", PackedAnnotations.Pack(metadata.Annotations));
    }
}
