using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Syncer.Spec;

/// <summary>
/// <c>syncer.io/synced-inputs</c>: a plain SHA-256 of the Secret's uid and the parsed inputs a sync used (path,
/// keys, version, force-sync; PRODUCT.md section 2), so a Secret whose inputs changed, also while Syncer was down,
/// or that was copied with its annotations (another uid) is seen to need a sync from the object alone. Canonical
/// encoding: each field length-prefixed (4-byte big-endian), absent fields as length -1, so no two inputs encode alike.
/// It holds no secret value, so it needs no key.
/// </summary>
internal static class SyncInputs
{
    public const string Prefix = "sha256:";

    public static string Digest(string uid, SyncSpec spec)
    {
        ArgumentNullException.ThrowIfNull(uid);
        ArgumentNullException.ThrowIfNull(spec);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha, uid);
        Append(sha, spec.Path?.ToString());
        Append(sha, spec.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append(sha, spec.ForceSync);
        Append(sha, spec.Keys.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var mapping in spec.Keys)
        {
            Append(sha, mapping.SecretKey);
            Append(sha, mapping.Source.ToString());
            Append(sha, mapping.Property);
        }

        return Prefix + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void Append(IncrementalHash sha, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            sha.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        sha.AppendData(length);
        sha.AppendData(bytes);
    }
}
