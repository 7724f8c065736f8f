using k8s.Models;

namespace Syncer.Sync;

/// <summary>
/// What the index keeps of one labeled Secret as last seen: identity, resourceVersion and its <c>syncer.io/*</c>
/// annotations (the user's inputs and what Syncer wrote; packed, <see cref="PackedAnnotations"/>), never its data nor
/// its other annotations (last-applied-configuration can be large). Immutable; replaced on every event. A uid in the
/// API server's form (a UUID, lower case) is kept as a <see cref="Guid"/>: 16 bytes rather than a 94-byte string.
/// </summary>
internal sealed record SecretSnapshot
{
    private readonly Guid _uid;
    private readonly string? _otherUid; // a uid not in the canonical UUID form, as it is

    public SecretSnapshot(string uid, string resourceVersion, IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(uid);
        Span<char> canonical = stackalloc char[36];
        (_uid, _otherUid) = Guid.TryParseExact(uid, "D", out var guid) && guid.TryFormat(canonical, out var written, "D")
            && canonical[..written].SequenceEqual(uid) ? (guid, null) : (Guid.Empty, uid);
        (ResourceVersion, Annotations) = (resourceVersion, annotations);
    }

    public string Uid => _otherUid ?? _uid.ToString("D");

    public string ResourceVersion { get; }

    public IReadOnlyDictionary<string, string> Annotations { get; }

    /// <summary>The same object, not one deleted and created again under its name.</summary>
    public bool SameObjectAs(SecretSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _uid == other._uid && _otherUid == other._otherUid;
    }

    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) ? value : null;

    public static SecretSnapshot From(V1ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new SecretSnapshot(metadata.Uid ?? "", metadata.ResourceVersion ?? "", PackedAnnotations.Pack(metadata.Annotations));
    }
}
