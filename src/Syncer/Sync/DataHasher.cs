using System.Buffers;
using System.Security.Cryptography;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// <c>syncer.io/data-hash</c> of one Secret: HMAC-SHA256, with the key only Syncer holds (<see cref="HmacKeyStore"/>),
/// over a canonical encoding (<see cref="LengthPrefixed"/>) of the Secret's namespace and name, then its managed data:
/// keys in ordinal order, each as length-prefixed key then length-prefixed value, so no two inputs encode alike.
/// Keyed, so the annotation does not let anyone test guesses of a value; bound to the Secret, so equal data in two
/// Secrets hashes differently and Syncer is no oracle for another tenant's hash (PRODUCT.md section 2). The form is
/// in the prefix: <see cref="Prefix"/> now; <see cref="LegacyPrefix"/> is the form before, over the data alone, which
/// is recognised (a Secret carrying it is rewritten at its next sync) and never written.
/// </summary>
internal sealed class DataHasher(byte[] key, string @namespace, string name)
{
    public const string Prefix = "hmac-sha256-v2:";

    public const string LegacyPrefix = "hmac-sha256:";

    /// <summary>The current form over <paramref name="data"/>, bound to this Secret.</summary>
    public string Hash(IEnumerable<KeyValuePair<string, byte[]>> data) => Prefix + Compute(data, bound: true);

    /// <summary>The legacy form over <paramref name="data"/> (no namespace or name), to recognise what older Syncers wrote.</summary>
    public string LegacyHash(IEnumerable<KeyValuePair<string, byte[]>> data) => LegacyPrefix + Compute(data, bound: false);

    /// <summary>A hash of the current form (which key made it is not known from the text).</summary>
    public static bool IsCurrentForm(string? hash) => hash is not null && hash.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool IsLegacyForm(string? hash) => hash is not null && hash.StartsWith(LegacyPrefix, StringComparison.Ordinal);

    private string Compute(IEnumerable<KeyValuePair<string, byte[]>> data, bool bound)
    {
        ArgumentNullException.ThrowIfNull(data);
        var entries = data.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        // Sized to fit, so the buffer never grows: growing copies into a new array and leaves the old one, values and
        // all, to the collector unzeroed. One byte more: writing an empty value at the very end asks for a byte.
        var size = 1 + (bound ? LengthPrefixed.Size(@namespace) + LengthPrefixed.Size(name) : 0)
            + entries.Sum(e => LengthPrefixed.Size(e.Key) + 4 + e.Value.Length);
        var fields = new ArrayBufferWriter<byte>(size);
        try
        {
            if (bound)
            {
                LengthPrefixed.Write(fields, @namespace);
                LengthPrefixed.Write(fields, name);
            }

            foreach (var (entry, value) in entries)
            {
                LengthPrefixed.Write(fields, entry);
                LengthPrefixed.Write(fields, value);
            }

            return Convert.ToHexStringLower(HMACSHA256.HashData(key, fields.WrittenSpan));
        }
        finally
        {
            fields.Clear(); // zeroes what was written: the buffer held the values
        }
    }
}
