using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syncer.Doubles.Vault.Wire;

/// <summary>JSON and time formatting as Vault's Go code produces it.</summary>
internal static class VaultJson
{
    /// <summary>Go's encoder leaves non-ASCII as is; the relaxed encoder is the closest (see <see cref="Serialize"/> for the rest).</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// As Go's json.Encoder with its default SetEscapeHTML(true): &lt; &gt; &amp; U+2028 U+2029 become \u escapes.
    /// Those characters only occur inside JSON strings, so replacing them in the text is safe.
    /// </summary>
    public static string Serialize(JsonNode node) => node.ToJsonString(Options)
        .Replace("<", "\\u003c", StringComparison.Ordinal)
        .Replace(">", "\\u003e", StringComparison.Ordinal)
        .Replace("&", "\\u0026", StringComparison.Ordinal)
        .Replace("\u2028", "\\u2028", StringComparison.Ordinal)
        .Replace("\u2029", "\\u2029", StringComparison.Ordinal);

    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>Go time.RFC3339Nano: UTC, fraction with trailing zeros trimmed (and no dot when it is zero).</summary>
    public static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>KVP:backend.go ptypesTimestampToString: a missing time is "".</summary>
    public static string TimeOrEmpty(DateTimeOffset? t) => t is { } value ? Time(value) : "";

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>A string map as JSON, or null when there is none (Go's nil map).</summary>
    public static JsonObject? StringMap(IReadOnlyDictionary<string, string>? map) =>
        map is null ? null : new JsonObject(map.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));

    /// <summary>Builds an object with keys sorted as Go marshals a map[string]interface{}.</summary>
    public static JsonObject SortedObject(params (string Key, JsonNode? Value)[] fields) =>
        new(fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => KeyValuePair.Create(f.Key, f.Value)));
}
