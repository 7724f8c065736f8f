namespace Syncer.Discovery;

/// <summary>One page of a list: its items, the continue token (null on the last page) and the list's resourceVersion.</summary>
internal sealed record ResourcePage<T>(IReadOnlyList<T> Items, string? Continue, string ResourceVersion);
