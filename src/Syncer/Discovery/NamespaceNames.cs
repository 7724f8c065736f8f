using System.Collections.Concurrent;

namespace Syncer.Discovery;

/// <summary>
/// One string per namespace name for the whole process. Every object arrives with its own copy of its namespace's
/// name, and Syncer keeps it in a key per object: 10,000 Secrets and 5,000 workloads in 100 namespaces held 15,000
/// strings for 100 names (about 70 bytes per Secret). <see cref="ResourceInformer{T}"/> swaps each for the shared one
/// before it keeps a key or tells a subscriber. Namespaces are few and long-lived; the pool takes no new name past
/// <see cref="Limit"/>, so a cluster that churns namespaces cannot grow it without bound (such a name is just not shared).
/// </summary>
internal static class NamespaceNames
{
    public const int Limit = 10_000;

    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    /// <summary>The shared string equal to <paramref name="name"/> (the name itself when the pool is full).</summary>
    public static string? Shared(string? name) =>
        name is null ? null
        : Pool.TryGetValue(name, out var shared) ? shared
        : Pool.Count < Limit ? Pool.GetOrAdd(name, name) : name;
}
