using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// The <c>syncer.io/*</c> annotations of one Secret as <see cref="SecretSnapshot"/> keeps them: the values of the
/// contract's keys packed into one byte array (UTF-8; Syncer's digests as bytes, <see cref="PackedValue"/>) with a bit
/// per key present, decoded when read. At 10,000 Secrets a dictionary and its eight value strings (two of them
/// 64-digit hashes in UTF-16) cost about 1.2 KB per Secret; the packed form about 0.2 KB (docs/performance.md, <c>make bench ARGS=--heap-stat</c>). Keys under the prefix that
/// are not the contract's (a typo the parser reports) and values holding surrogates are kept beside, as they are.
/// Other annotations are not kept at all. Immutable. Hand-written: no package in reach packs a small string map.
/// </summary>
internal sealed class PackedAnnotations : IReadOnlyDictionary<string, string>
{
    private static readonly string[] KnownKeys = [.. SyncAnnotations.UserKeys.Concat(SyncAnnotations.StatusKeys).Order(StringComparer.Ordinal)];
    private static readonly FrozenDictionary<string, int> Slots =
        KnownKeys.Select((key, slot) => KeyValuePair.Create(key, slot)).ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly PackedAnnotations Empty = new([], 0, []);

    private readonly byte[] _packed; // for each key present, in slot order: its value (PackedValue)
    private readonly int _present; // bit n: KnownKeys[n] is present
    private readonly KeyValuePair<string, string>[] _others;

    private PackedAnnotations(byte[] packed, int present, KeyValuePair<string, string>[] others) =>
        (_packed, _present, _others) = (packed, present, others);

    /// <summary>The <c>syncer.io/*</c> entries of <paramref name="annotations"/>; the rest is dropped.</summary>
    public static PackedAnnotations Pack(IEnumerable<KeyValuePair<string, string>>? annotations)
    {
        if (annotations is null)
        {
            return Empty;
        }

        string?[]? values = null;
        List<KeyValuePair<string, string>>? others = null;
        foreach (var entry in annotations)
        {
            if (!entry.Key.StartsWith(SyncAnnotations.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            // A lone surrogate would not survive UTF-8: such a value (and any with surrogates, rare here) stays a string.
            if (Slots.TryGetValue(entry.Key, out var slot) && entry.Value is not null && !entry.Value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
            {
                (values ??= new string?[KnownKeys.Length])[slot] = entry.Value;
            }
            else
            {
                (others ??= []).Add(entry);
            }
        }

        return values is null && others is null ? Empty : new PackedAnnotations(Encode(values, out var present), present, others?.ToArray() ?? []);
    }

    public int Count => BitOperations.PopCount((uint)_present) + _others.Length;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>The keys present, without decoding a value (the parser walks them on every sync).</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            for (var slot = 0; slot < KnownKeys.Length; slot++)
            {
                if ((_present & (1 << slot)) != 0)
                {
                    yield return KnownKeys[slot];
                }
            }

            foreach (var entry in _others)
            {
                yield return entry.Key;
            }
        }
    }

    public IEnumerable<string> Values => this.Select(entry => entry.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Slots.TryGetValue(key, out var slot) && (_present & (1 << slot)) != 0)
        {
            var offset = 0;
            for (var n = 0; n < slot; n++)
            {
                if ((_present & (1 << n)) != 0)
                {
                    PackedValue.Skip(_packed, ref offset);
                }
            }

            value = PackedValue.Read(_packed, ref offset);
            return true;
        }

        foreach (var entry in _others)
        {
            if (entry.Key == key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        var offset = 0;
        for (var slot = 0; slot < KnownKeys.Length; slot++)
        {
            if ((_present & (1 << slot)) != 0)
            {
                yield return KeyValuePair.Create(KnownKeys[slot], PackedValue.Read(_packed, ref offset));
            }
        }

        foreach (var entry in _others)
        {
            yield return entry;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static byte[] Encode(string?[]? values, out int present)
    {
        present = 0;
        if (values is null)
        {
            return [];
        }

        var size = 0;
        for (var slot = 0; slot < values.Length; slot++)
        {
            if (values[slot] is { } value)
            {
                size += PackedValue.Size(value);
                present |= 1 << slot;
            }
        }

        var packed = new byte[size];
        var offset = 0;
        foreach (var value in values)
        {
            if (value is not null)
            {
                PackedValue.Write(value, packed, ref offset);
            }
        }

        return packed;
    }
}
