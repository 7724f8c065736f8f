using k8s.Models;

namespace Syncer.Sync;

/// <summary>
/// The Secret a sync works from: fetched whole (data known), or, when the Secret is still at the resourceVersion
/// Syncer verified, its metadata as the informer saw it (no GET: its managed data is what its data-hash says), or,
/// for a Secret Syncer never wrote, its metadata with no data assumed (<see cref="DataAssumedEmpty"/>: no GET, and
/// the write proves the assumption or is refused).
/// </summary>
internal sealed record SecretView(
    SecretKey Key,
    string Uid,
    string ResourceVersion,
    IReadOnlyDictionary<string, string> Annotations,
    IDictionary<string, byte[]>? Data,
    bool DataKnown,
    bool? Immutable,
    bool DataAssumedEmpty = false)
{
    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) ? value : null;

    public V1ObjectReference Reference => Kubernetes.EventRecorder.SecretReference(Key.Namespace, Key.Name, Uid, ResourceVersion);

    public static SecretView Of(SecretKey key, SecretSnapshot observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return new SecretView(key, observed.Uid, observed.ResourceVersion, observed.Annotations, null, DataKnown: false, Immutable: null);
    }

    /// <summary>
    /// A Secret that carries no data-hash (Syncer never wrote it, as the informer last saw it), planned as if it held no
    /// data. Only a write guarded by <see cref="SecretPlan.ToGuardedFillPatch"/> may follow from it: the API server
    /// refuses that write unless the Secret really has no data and has not moved.
    /// </summary>
    public static SecretView AssumedEmpty(SecretKey key, SecretSnapshot observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return new SecretView(key, observed.Uid, observed.ResourceVersion, observed.Annotations, new Dictionary<string, byte[]>(),
            DataKnown: true, Immutable: null, DataAssumedEmpty: true);
    }

    public static SecretView Of(V1Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var metadata = secret.Metadata;
        IReadOnlyDictionary<string, string> annotations = metadata.Annotations is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string>(metadata.Annotations, StringComparer.Ordinal);
        return new SecretView(
            new SecretKey(metadata.NamespaceProperty, metadata.Name), metadata.Uid ?? "", metadata.ResourceVersion ?? "",
            annotations, secret.Data, DataKnown: true, secret.Immutable);
    }
}
