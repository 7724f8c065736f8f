using k8s.Models;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// What the index keeps of one labeled Secret as last seen: identity, resourceVersion and its <c>syncer.io/*</c>
/// annotations (the user's inputs and what Syncer wrote), never its data. Immutable; replaced on every event.
/// </summary>
internal sealed record SecretSnapshot(string Uid, string ResourceVersion, IReadOnlyDictionary<string, string> Annotations)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    // The contract's keys, to keep one copy of each key string for 10,000 Secrets rather than one per Secret.
    private static readonly HashSet<string> s_knownKeys = [.. SyncAnnotations.UserKeys, .. SyncAnnotations.StatusKeys];

    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) ? value : null;

    public static SecretSnapshot From(V1ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new SecretSnapshot(metadata.Uid ?? "", metadata.ResourceVersion ?? "", Contract(metadata.Annotations));
    }

    /// <summary>Only the contract's annotations: a Secret's other annotations (last-applied-configuration) can be large.</summary>
    private static IReadOnlyDictionary<string, string> Contract(IDictionary<string, string>? all)
    {
        if (all is null)
        {
            return None;
        }

        Dictionary<string, string>? kept = null;
        foreach (var (key, value) in all)
        {
            if (key.StartsWith(SyncAnnotations.Prefix, StringComparison.Ordinal))
            {
                var shared = s_knownKeys.TryGetValue(key, out var known) ? known : key;
                (kept ??= new Dictionary<string, string>(4, StringComparer.Ordinal))[shared] = value;
            }
        }

        return kept ?? None;
    }
}
