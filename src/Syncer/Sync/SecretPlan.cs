using System.Buffers;
using System.Text;
using System.Text.Json;

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
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

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
    public string ToMergePatch(string resourceVersion) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        json.WriteString("resourceVersion", resourceVersion);
        if (Annotations.Count > 0)
        {
            json.WriteStartObject("annotations");
            foreach (var (key, value) in Annotations)
            {
                json.WriteString(key, value); // null writes null: the merge patch's removal
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (DataChanged)
        {
            // Each key once, a removal winning over a set of the same key (as a JSON object built key by key had it).
            var removed = RemoveData.Count == 0 ? null : new HashSet<string>(RemoveData, StringComparer.Ordinal);
            json.WriteStartObject("data");
            WriteSetData(json, except: removed);
            foreach (var key in RemoveData.Distinct(StringComparer.Ordinal))
            {
                json.WriteNull(key);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    });

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
        return Write(json =>
        {
            json.WriteStartArray();
            Op(json, "test", "/metadata/resourceVersion").WriteString("value", resourceVersion);
            json.WriteEndObject();
            Op(json, "test", "/data").WriteNull("value");
            json.WriteEndObject();
            if (SetData.Count > 0)
            {
                Op(json, "add", "/data").WriteStartObject("value");
                WriteSetData(json, except: null);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            foreach (var (key, value) in Annotations)
            {
                var path = "/metadata/annotations/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                if (value is not null)
                {
                    Op(json, "add", path).WriteString("value", value);
                    json.WriteEndObject();
                }
                else if (currentAnnotations.ContainsKey(key))
                {
                    Op(json, "remove", path).WriteEndObject();
                }
            }

            json.WriteEndArray();
        });
    }

    /// <summary>
    /// Writes a patch with <see cref="Utf8JsonWriter"/> into this thread's buffer, zeroed after each use so the kept
    /// buffer does not hold a Secret's values between patches (the string returned, and an array left behind when a
    /// large patch grows the buffer, are copies like any other the client makes, and go to the collector). Every sync
    /// that writes builds one; a <c>JsonNode</c> tree, or a fresh buffer grown to the patch's size, cost about 6 KB per
    /// Secret of a cold start (EventPipe allocation profile). A buffer grown past <see cref="KeptBufferBytes"/> for a
    /// large Secret is not kept.
    /// </summary>
    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
        t_buffer = null; // taken: a nested Write (none today) would get its own
        try
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                write(json);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            buffer.Clear();
            t_buffer = buffer.Capacity <= KeptBufferBytes ? buffer : null;
        }
    }

    /// <summary>The keys to set, base64 as the API server's <c>data</c> carries them, into the open object.</summary>
    private void WriteSetData(Utf8JsonWriter json, HashSet<string>? except)
    {
        foreach (var (key, value) in SetData)
        {
            if (except?.Contains(key) != true)
            {
                json.WriteBase64String(key, value);
            }
        }
    }

    /// <summary>Opens one operation's object with its <c>op</c> and <c>path</c>; the caller adds a value and closes it.</summary>
    private static Utf8JsonWriter Op(Utf8JsonWriter json, string op, string path)
    {
        json.WriteStartObject();
        json.WriteString("op", op);
        json.WriteString("path", path);
        return json;
    }
}
