using System.Text.Json.Nodes;

namespace Syncer.Sync;

/// <summary>
/// The minimal change to a Secret: data keys to set, managed keys to remove, and annotations to set (a null value
/// removes one). Empty means nothing to write. <see cref="DataHash"/> is the desired data's hash on a success plan;
/// <see cref="Adopted"/> the keys a first sync takes over (present before, now Vault's); <see cref="LeftBehind"/> the
/// keys <c>managed-keys</c> listed that Vault no longer provides but that stay, unproven as Syncer's.
/// </summary>
internal sealed class SecretPlan(
    IReadOnlyDictionary<string, byte[]> setData,
    IReadOnlyList<string> removeData,
    IReadOnlyDictionary<string, string?> annotations,
    string? dataHash = null,
    IReadOnlyList<string>? adopted = null,
    IReadOnlyList<string>? leftBehind = null)
{
    public static SecretPlan Nothing { get; } = new(new Dictionary<string, byte[]>(), [], new Dictionary<string, string?>());

    public IReadOnlyDictionary<string, byte[]> SetData { get; } = setData;

    public IReadOnlyList<string> RemoveData { get; } = removeData;

    public IReadOnlyDictionary<string, string?> Annotations { get; } = annotations;

    public string? DataHash { get; } = dataHash;

    /// <summary>On Syncer's first sync of a Secret (no data-hash yet): the keys it held that Vault now provides, in order.</summary>
    public IReadOnlyList<string> Adopted { get; } = adopted ?? [];

    /// <summary>
    /// Keys <c>syncer.io/managed-keys</c> listed that Vault no longer provides, kept because the data-hash does not
    /// prove Syncer wrote them (a legacy hash, a lost key, a hand edit): no longer listed after this write, so reported once.
    /// </summary>
    public IReadOnlyList<string> LeftBehind { get; } = leftBehind ?? [];

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
            var data = SetDataObject();
            foreach (var key in RemoveData)
            {
                data[key] = null;
            }

            patch["data"] = data;
        }

        return patch.ToJsonString();
    }

    /// <summary>
    /// A first fill planned from metadata alone, as a JSON Patch (RFC 6902) that proves its own premise: its first
    /// operations test that the Secret is still at <paramref name="resourceVersion"/> and holds no data at all
    /// (a <c>test</c> of <c>/data</c> against null passes only when the field is absent: evanphx/json-patch v4, which
    /// the API server applies patches with). Either test failing makes the API server refuse the whole patch with 422
    /// and change nothing; the caller then reads the Secret and plans again from its data. Annotations are set with
    /// <c>add</c> (which replaces), and removed only when <paramref name="currentAnnotations"/> has them (a
    /// <c>remove</c> of a missing member fails the patch).
    /// </summary>
    public string ToGuardedFillPatch(string resourceVersion, IReadOnlyDictionary<string, string> currentAnnotations)
    {
        ArgumentNullException.ThrowIfNull(currentAnnotations);
        var ops = new JsonArray
        {
            Op("test", "/metadata/resourceVersion", resourceVersion),
            Op("test", "/data", null),
        };
        if (SetData.Count > 0)
        {
            ops.Add(Op("add", "/data", SetDataObject()));
        }

        foreach (var (key, value) in Annotations)
        {
            var path = "/metadata/annotations/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
            if (value is not null)
            {
                ops.Add(Op("add", path, value));
            }
            else if (currentAnnotations.ContainsKey(key))
            {
                ops.Add((JsonNode)new JsonObject { ["op"] = "remove", ["path"] = path });
            }
        }

        return ops.ToJsonString();
    }

    /// <summary>The keys to set, base64 as the API server's <c>data</c> carries them.</summary>
    private JsonObject SetDataObject()
    {
        var data = new JsonObject();
        foreach (var (key, value) in SetData)
        {
            data[key] = Convert.ToBase64String(value);
        }

        return data;
    }

    // JsonNode, not JsonObject: JsonArray.Add<T> is not trim-safe, Add(JsonNode) is.
    private static JsonNode Op(string op, string path, JsonNode? value) => new JsonObject { ["op"] = op, ["path"] = path, ["value"] = value };
}
