using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Syncer.Spec;

/// <summary>
/// The canonical encoding the hashes of Syncer's annotations share: each field as a 4-byte big-endian length, then its
/// bytes (a string in UTF-8); an absent field as length -1. No two sequences of fields encode alike. The fields are
/// gathered in a buffer and hashed in one call: an incremental hash made an OpenSSL context and two calls into it per
/// field, a few percent of a cold start's CPU (an EventPipe profile).
/// </summary>
internal static class LengthPrefixed
{
    /// <summary>The bytes <paramref name="value"/> takes, its length included.</summary>
    public static int Size(string value) => 4 + Encoding.UTF8.GetByteCount(value);

    public static void Write(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        WriteLength(buffer, bytes.Length);
        buffer.Write(bytes);
    }

    public static void Write(ArrayBufferWriter<byte> buffer, string? value)
    {
        var length = value is null ? -1 : Encoding.UTF8.GetByteCount(value);
        WriteLength(buffer, length);
        if (length > 0)
        {
            buffer.Advance(Encoding.UTF8.GetBytes(value, buffer.GetSpan(length))); // exactly: a sized buffer never grows
        }
    }

    private static void WriteLength(ArrayBufferWriter<byte> buffer, int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
    }
}
