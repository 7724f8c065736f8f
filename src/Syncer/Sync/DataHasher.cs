using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Syncer.Sync;

/// <summary>
/// <c>syncer.io/data-hash</c>: HMAC-SHA256, with the key only Syncer holds (<see cref="HmacKeyStore"/>), over a
/// canonical encoding of the managed data: keys in ordinal order, each as length-prefixed key then length-prefixed
/// value (4-byte big-endian lengths), so no two different data sets encode alike. Keyed, so the annotation does not
/// let anyone test guesses of a value.
/// </summary>
internal static class DataHasher
{
    public const string Prefix = "hmac-sha256:";

    public static string Compute(ReadOnlySpan<byte> key, IReadOnlyDictionary<string, byte[]> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        Span<byte> length = stackalloc byte[4];
        foreach (var (name, value) in data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            BinaryPrimitives.WriteInt32BigEndian(length, nameBytes.Length);
            hmac.AppendData(length);
            hmac.AppendData(nameBytes);
            BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
            hmac.AppendData(length);
            hmac.AppendData(value);
        }

        return Prefix + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
