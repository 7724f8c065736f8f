using System.Text.Json.Nodes;

namespace Syncer.Sync;

/// <summary>
/// The minimal change to a Secret: data keys to set, managed keys to remove, and annotations to set (a null value
/// removes one). Empty means nothing to write. <see cref="DataHash"/> is the desired data's hash on a success plan;
/// <see cref="Adopted"/> the keys a first sync takes over (present before, now Vault's).
/// </summary>
internal sealed class SecretPlan(
    IReadOnlyDictionary<string, byte[]> setData,
    IReadOnlyList<string> removeData,
    IReadOnlyDictionary<string, string?> annotations,
    string? dataHash = null,
    IReadOnlyList<string>? adopted = null)
{
    public static SecretPlan Nothing { get; } = new(new Dictionary<string, byte[]>(), [], new Dictionary<string, string?>());

    public IReadOnlyDictionary<string, byte[]> SetData { get; } = setData;

    public IReadOnlyList<string> RemoveData { get; } = removeData;

    public IReadOnlyDictionary<string, string?> Annotations { get; } = annotations;

    public string? DataHash { get; } = dataHash;

    /// <summary>On Syncer's first sync of a Secret (no data-hash yet): the keys it held that Vault now provides, in order.</summary>
    public IReadOnlyList<string> Adopted { get; } = adopted ?? [];

    public bool DataChanged => SetData.Count > 0 || RemoveData.Count > 0;

    public bool IsEmpty => !DataChanged && Annotations.Count == 0;

    /// <summary>
    /// A JSON merge patch (RFC 7386) of only the changes, carrying <paramref name="resourceVersion"/> so the API server
    /// answers 409 Conflict if the Secret changed since it was read. Removals are explicit nulls (the client's own
    /// serializer drops nulls, hence the raw string).
    /// </summary>
    public string ToMergePatch(string resourceVersion)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (Annotations.Count > 0)
        {
            var annotations = new JsonObject();
            foreach (var (key, value) in Annotations)
            {
                annotations[key] = value;
            }

            metadata["annotations"] = annotations;
        }

        var patch = new JsonObject { ["metadata"] = metadata };
        if (DataChanged)
        {
            var data = new JsonObject();
            foreach (var (key, value) in SetData)
            {
                data[key] = Convert.ToBase64String(value);
            }

            foreach (var key in RemoveData)
            {
                data[key] = null;
            }

            patch["data"] = data;
        }

        return patch.ToJsonString();
    }
}
