using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Syncer.Spec;
using Syncer.Vault;
using Syncer.Vault.Http;

namespace Syncer.Sync;

/// <summary>
/// Builds the Secret data a spec asks for from the Vault reads: every top-level key of the path, or the keys
/// mapping (dotted properties go into nested JSON values). Strings become their UTF-8 bytes; any other JSON value is
/// written as compact JSON. A missing property, a JSON <c>null</c> (a missing value, never written as the text
/// <c>null</c>), or a whole-path source with no keys, fails the Secret: no write.
/// </summary>
internal sealed class DesiredDataBuilder
{
    // Relaxed escaping: values go into a Secret, not into HTML, and should read as they were written in Vault.
    // The contract comes from generated code (VaultJsonContext), not reflection, as everywhere in the trimmed image.
    private static readonly JsonTypeInfo<JsonElement> s_json = (JsonTypeInfo<JsonElement>)new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = VaultJsonContext.Default,
    }.GetTypeInfo(typeof(JsonElement));

    public DesiredData Build(SyncSpec spec, IReadOnlyDictionary<VaultSource, KeyValueSecret> reads)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(reads);
        var data = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

        if (spec.WholePath)
        {
            var source = spec.Path ?? throw new ArgumentException("A spec without keys has a path.", nameof(spec));
            var read = reads[source];
            if (read.Data.Count == 0)
            {
                return DesiredData.Failed($"{source} has no keys in Vault");
            }

            var nullKeys = read.Data.Where(kv => kv.Value.ValueKind == JsonValueKind.Null).Select(kv => $"'{SpecError.Shorten(kv.Key)}'").Order(StringComparer.Ordinal).ToList();
            if (nullKeys.Count > 0)
            {
                return DesiredData.Failed($"{source} holds null for {string.Join(", ", nullKeys)} in Vault; a null is not a value Syncer writes");
            }

            var invalid = read.Data.Keys.Where(k => !SecretKeySyntax.IsValid(k)).Order(StringComparer.Ordinal).ToList();
            if (invalid.Count > 0)
            {
                return DesiredData.Failed(
                    $"{source} has keys that are not valid Secret keys ({string.Join(", ", invalid.Select(k => $"'{SpecError.Shorten(k)}'"))}); " +
                    $"map them to valid names with {SyncAnnotations.Keys}");
            }

            foreach (var (key, value) in read.Data)
            {
                data[key] = Encode(value);
            }

            return DesiredData.Of(data);
        }

        var (missing, nulls) = (new List<string>(), new List<string>());
        foreach (var mapping in spec.Keys)
        {
            var value = Resolve(reads[mapping.Source].Data, mapping.Property);
            if (value is { ValueKind: not JsonValueKind.Null } found)
            {
                data[mapping.SecretKey] = Encode(found);
            }
            else
            {
                (value is null ? missing : nulls).Add($"'{mapping.Property}' of {mapping.Source} (for key '{mapping.SecretKey}')");
            }
        }

        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"not found in Vault: {string.Join(", ", missing)}");
        }

        if (nulls.Count > 0)
        {
            problems.Add($"null in Vault, not a value Syncer writes: {string.Join(", ", nulls)}");
        }

        return problems.Count == 0 ? DesiredData.Of(data) : DesiredData.Failed(string.Join("; ", problems));
    }

    /// <summary>
    /// A top-level property named exactly <paramref name="property"/> wins (Vault keys may contain dots, e.g.
    /// <c>tls.crt</c>); otherwise the dotted path walks nested objects (and arrays, by index).
    /// </summary>
    internal static JsonElement? Resolve(IReadOnlyDictionary<string, JsonElement> data, string property)
    {
        if (data.TryGetValue(property, out var direct))
        {
            return direct;
        }

        var segments = property.Split('.');
        if (!data.TryGetValue(segments[0], out var current))
        {
            return null;
        }

        foreach (var segment in segments.Skip(1))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index)
                && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    internal static byte[] Encode(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(value.GetString()!)
            : JsonSerializer.SerializeToUtf8Bytes(value, s_json);
}
