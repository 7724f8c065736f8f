using System.Buffers;
using System.Text;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// One value of <see cref="PackedAnnotations"/>: a header (7 bits a byte, low first) holding the payload's length and
/// its form, then the payload. Text is UTF-8. A digest Syncer writes (<c>syncer.io/data-hash</c>,
/// <c>syncer.io/synced-inputs</c>: a known prefix and 64 lower-case hex digits) is its prefix's number and the 32
/// bytes: 34 bytes rather than 71 to 79, and it reads back as the same text.
/// </summary>
internal static class PackedValue
{
    private const int DigestBytes = 32;
    private static readonly string[] DigestPrefixes = [DataHasher.Prefix, DataHasher.LegacyPrefix, SyncInputs.Prefix];
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>The bytes <paramref name="value"/> takes, header included.</summary>
    public static int Size(string value)
    {
        var length = Digest(value, out _) is null ? Encoding.UTF8.GetByteCount(value) : 1 + DigestBytes;
        return HeaderSize(length << 1) + length;
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="offset"/> and moves it past.</summary>
    public static void Write(string value, byte[] packed, ref int offset)
    {
        if (Digest(value, out var prefix) is { } digest)
        {
            offset = WriteHeader(packed, offset, ((1 + DigestBytes) << 1) | 1);
            packed[offset++] = (byte)prefix;
            Convert.FromHexString(digest, packed.AsSpan(offset, DigestBytes), out _, out _);
            offset += DigestBytes;
            return;
        }

        offset = WriteHeader(packed, offset, Encoding.UTF8.GetByteCount(value) << 1);
        offset += Encoding.UTF8.GetBytes(value, packed.AsSpan(offset));
    }

    /// <summary>Reads the value at <paramref name="offset"/> and moves it past.</summary>
    public static string Read(byte[] packed, ref int offset)
    {
        var header = ReadHeader(packed, ref offset);
        var payload = packed.AsSpan(offset, header >> 1);
        offset += payload.Length;
        return (header & 1) == 0
            ? Encoding.UTF8.GetString(payload)
            : string.Concat(DigestPrefixes[payload[0]], Convert.ToHexStringLower(payload[1..]));
    }

    /// <summary>Moves <paramref name="offset"/> past the value there without reading it.</summary>
    public static void Skip(byte[] packed, ref int offset)
    {
        var header = ReadHeader(packed, ref offset);
        offset += header >> 1;
    }

    /// <summary>The hex digits of a digest in Syncer's form, with the number of its prefix; null for any other text.</summary>
    private static string? Digest(string value, out int prefix)
    {
        for (prefix = 0; prefix < DigestPrefixes.Length; prefix++)
        {
            var hex = value.AsSpan();
            if (hex.StartsWith(DigestPrefixes[prefix], StringComparison.Ordinal)
                && hex.Length - DigestPrefixes[prefix].Length == DigestBytes * 2
                && !hex[DigestPrefixes[prefix].Length..].ContainsAnyExcept(LowerHex))
            {
                return value[DigestPrefixes[prefix].Length..];
            }
        }

        return null;
    }

    private static int HeaderSize(int header) => header < 0x80 ? 1 : header < 0x4000 ? 2 : header < 0x200000 ? 3 : header < 0x10000000 ? 4 : 5;

    private static int WriteHeader(byte[] packed, int offset, int header)
    {
        for (var rest = (uint)header; ; rest >>= 7)
        {
            packed[offset++] = (byte)(rest < 0x80 ? rest : (rest & 0x7F) | 0x80);
            if (rest < 0x80)
            {
                return offset;
            }
        }
    }

    private static int ReadHeader(byte[] packed, ref int offset)
    {
        var header = 0;
        for (var shift = 0; ; shift += 7)
        {
            var next = packed[offset++];
            header |= (next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return header;
            }
        }
    }
}
