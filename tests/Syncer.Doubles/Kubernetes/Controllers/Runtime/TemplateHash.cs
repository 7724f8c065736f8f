using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>
/// The short hashes in generated names: <c>pod-template-hash</c> (k8s controller.ComputeHash: FNV-1a of the
/// template, plus the collision count) and ControllerRevision hashes (history.HashControllerRevision: FNV-1 of
/// the revision's data), both written with rand.SafeEncodeString. The template is hashed as canonical JSON, not
/// as Go's spew dump, so the same template gets another hash than on a real cluster. FNV is written here because
/// no package in reach offers it (System.IO.Hashing has CRC and xxHash only).
/// </summary>
internal static class TemplateHash
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The collision count goes in as 8 little-endian bytes, as ComputeHash writes it.</summary>
    public static string OfTemplate(object template, int? collisionCount)
    {
        var count = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(count, (uint)(collisionCount ?? 0));
        var data = CanonicalJson.SemanticBytes(template);
        return Encode(Fnv(collisionCount is null ? data : [.. data, .. count], alternate: true));
    }

    /// <summary>The collision count goes in as decimal text, as HashControllerRevision writes it.</summary>
    public static string OfRevisionData(byte[] data, int? collisionCount) =>
        Encode(Fnv(collisionCount is { } n ? [.. data, .. Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture))] : data, alternate: false));

    private static uint Fnv(byte[] bytes, bool alternate)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = alternate ? (hash ^ b) * 16777619u : (hash * 16777619u) ^ b;
        }

        return hash;
    }

    private static string Encode(uint hash) =>
        new([.. hash.ToString(CultureInfo.InvariantCulture).Select(c => Alphabet[c % Alphabet.Length])]);
}
