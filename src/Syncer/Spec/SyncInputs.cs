using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace Syncer.Spec;

/// <summary>
/// <c>syncer.io/synced-inputs</c>: a plain SHA-256 of the Secret's uid and the parsed inputs a sync used (path,
/// keys, version, force-sync; PRODUCT.md section 2), so a Secret whose inputs changed, also while Syncer was down,
/// or that was copied with its annotations (another uid) is seen to need a sync from the object alone. Canonical
/// encoding (<see cref="LengthPrefixed"/>): each field length-prefixed, absent fields as length -1, so no two inputs
/// encode alike.
/// It holds no secret value, so it needs no key.
/// </summary>
internal static class SyncInputs
{
    public const string Prefix = "sha256:";

    public static string Digest(string uid, SyncSpec spec)
    {
        ArgumentNullException.ThrowIfNull(uid);
        ArgumentNullException.ThrowIfNull(spec);
        var fields = new ArrayBufferWriter<byte>(256);
        LengthPrefixed.Write(fields, uid);
        LengthPrefixed.Write(fields, spec.Path?.ToString());
        LengthPrefixed.Write(fields, spec.Version?.ToString(CultureInfo.InvariantCulture));
        LengthPrefixed.Write(fields, spec.ForceSync);
        LengthPrefixed.Write(fields, spec.Keys.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var mapping in spec.Keys)
        {
            LengthPrefixed.Write(fields, mapping.SecretKey);
            LengthPrefixed.Write(fields, mapping.Source.ToString());
            LengthPrefixed.Write(fields, mapping.Property);
        }

        return Prefix + Convert.ToHexStringLower(SHA256.HashData(fields.WrittenSpan));
    }
}
