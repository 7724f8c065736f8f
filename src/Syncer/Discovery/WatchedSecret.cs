using k8s.Models;

namespace Syncer.Discovery;

/// <summary>
/// What the index keeps of a labeled Secret: identity, versions and the input annotations, never the data (the
/// memory target is 150 MB at 10,000 Secrets; a Secret's data may be up to 1 MiB).
/// </summary>
/// <param name="Annotations">Only the keys of <see cref="WatchedAnnotations.Inputs"/> that are present.</param>
/// <param name="HasBeenSynced">Carries <see cref="WatchedAnnotations.SyncedAt"/>: Syncer filled it at least once.</param>
/// <param name="HasError">Carries <see cref="WatchedAnnotations.Error"/>: the last sync failed.</param>
/// <param name="FromInitialList">First seen in the informer's first list (present before this process started).</param>
internal sealed record WatchedSecret(
    SecretKey Key,
    string Uid,
    string ResourceVersion,
    IReadOnlyDictionary<string, string> Annotations,
    bool HasBeenSynced,
    bool HasError,
    bool FromInitialList)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) ? value : null;

    public static WatchedSecret From(V1Secret secret, bool fromInitialList)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var metadata = secret.Metadata ?? throw new ArgumentException("The Secret has no metadata.", nameof(secret));
        var all = metadata.Annotations;
        return new WatchedSecret(
            new SecretKey(metadata.NamespaceProperty ?? "", metadata.Name ?? ""),
            metadata.Uid ?? "",
            metadata.ResourceVersion ?? "",
            all is null ? None : Inputs(all),
            all?.ContainsKey(WatchedAnnotations.SyncedAt) == true,
            all?.ContainsKey(WatchedAnnotations.Error) == true,
            fromInitialList);
    }

    private static IReadOnlyDictionary<string, string> Inputs(IDictionary<string, string> all)
    {
        Dictionary<string, string>? kept = null;
        foreach (var key in WatchedAnnotations.Inputs)
        {
            if (all.TryGetValue(key, out var value))
            {
                // The constant is kept as the key, not the deserialized string: one copy for 10,000 Secrets.
                (kept ??= new Dictionary<string, string>(2, StringComparer.Ordinal))[key] = value;
            }
        }

        return kept ?? None;
    }
}
