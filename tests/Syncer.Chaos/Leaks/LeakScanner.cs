using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Syncer.Chaos.Leaks;

/// <summary>
/// Searches what Syncer emitted (logs, Events, annotations, metrics, exception texts) for secret values (PRODUCT.md
/// promise 5), in every form a value could take there: as written, or JSON-escaped by the default or the relaxed
/// encoder, or truncated (all found by the value's unique marker, which each of these keeps); base64 of each of those
/// texts at each of the three alignments it could have inside a longer encoded text (a JSON document in base64, say);
/// and unsalted SHA-256 hashes of the value, in hex and base64.
/// One pass over each text whatever the number of values: the marker by <c>IndexOf</c>, the other forms through a
/// table of their first <see cref="PrefixLength"/> characters. Written by hand: no multi-pattern search in our packages.
/// </summary>
public sealed class LeakScanner
{
    private const int PrefixLength = 12;

    private readonly Dictionary<string, string> _byMarker = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Form, string Text, string Value)>> _byPrefix = new(StringComparer.Ordinal);

    public LeakScanner(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values.Distinct(StringComparer.Ordinal))
        {
            foreach (var (form, text) in Forms(value))
            {
                if (form == "marker")
                {
                    _byMarker[text] = value;
                }
                else if (!text.Contains(LeakValues.Marker, StringComparison.Ordinal))
                {
                    var prefix = text[..PrefixLength];
                    if (!_byPrefix.TryGetValue(prefix, out var list))
                    {
                        _byPrefix[prefix] = list = [];
                    }

                    list.Add((form, text, value));
                }
            }
        }
    }

    /// <summary>Each (form, text to look for) of <paramref name="value"/>; the raw and JSON forms hold the marker.</summary>
    public static IReadOnlyList<(string Form, string Text)> Forms(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.IndexOf(LeakValues.Marker, StringComparison.Ordinal);
        if (at < 0 || value.Length - at < LeakValues.Marker.Length + 12)
        {
            throw new ArgumentException($"A scanned value carries {LeakValues.Marker} and its id (see LeakValues).", nameof(value));
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var json = JsonSerializer.Serialize(value)[1..^1];
        var relaxed = JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })[1..^1];
        var forms = new List<(string, string)>
        {
            ("raw", value),
            ("json", json),
            ("json-relaxed", relaxed),
            ("marker", value.Substring(at, LeakValues.Marker.Length + 12)),
            ("sha256-hex", Convert.ToHexStringLower(SHA256.HashData(bytes))),
            ("sha256-base64", Convert.ToBase64String(SHA256.HashData(bytes))),
        };
        foreach (var (name, text) in new[] { ("", value), ("json-", json), ("json-relaxed-", relaxed) }.DistinctBy(t => t.Item2))
        {
            for (var shift = 0; shift < 3; shift++)
            {
                // Base64 of the text behind `shift` other bytes: the first group mixes in those bytes and the last may be
                // padded, so only the groups between stand for the text alone wherever it sits in a longer encoded text.
                var encoded = Convert.ToBase64String([.. new byte[shift], .. Encoding.UTF8.GetBytes(text)]);
                forms.Add(($"base64-{name}{shift}", encoded[(shift == 0 ? 0 : 4)..^4]));
            }
        }

        return forms;
    }

    /// <summary>Every form of a value found in any of <paramref name="texts"/>.</summary>
    public IEnumerable<LeakHit> Scan(IEnumerable<(string Where, string Text)> texts) =>
        texts.SelectMany(t => Scan(t.Where, t.Text));

    /// <summary>Every form of a value found in <paramref name="text"/>, named with <paramref name="where"/>.</summary>
    public IEnumerable<LeakHit> Scan(string where, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var at = text.IndexOf(LeakValues.Marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(LeakValues.Marker, at + 1, StringComparison.Ordinal))
        {
            var marker = text.Substring(at, Math.Min(LeakValues.Marker.Length + 12, text.Length - at));
            yield return new LeakHit(where, "marker", _byMarker.GetValueOrDefault(marker, marker));
        }

        var lookup = _byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i + PrefixLength <= text.Length; i++)
        {
            if (lookup.TryGetValue(text.AsSpan(i, PrefixLength), out var candidates))
            {
                foreach (var (form, needle, value) in candidates)
                {
                    if (text.AsSpan(i).StartsWith(needle, StringComparison.Ordinal))
                    {
                        yield return new LeakHit(where, form, value);
                    }
                }
            }
        }
    }
}
