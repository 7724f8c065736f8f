using Syncer.Spec;
using Syncer.Vault;

namespace Syncer.Sync;

/// <summary>Every source read, or the first failure (its reason and a message naming the path, never a value).</summary>
internal sealed record SourceReadResult(
    IReadOnlyDictionary<VaultSource, KeyValueSecret> Reads,
    SyncFailureReason? Failure = null,
    string? Message = null)
{
    /// <summary><c>syncer.io/source-version</c>: each source as <c>mount/path@version</c> (no @ on KV v1), comma-separated.</summary>
    public string SourceVersion => string.Join(",", Reads.Values
        .Select(r => r.Version is { } v ? $"{r.Mount}/{r.Path}@{v}" : $"{r.Mount}/{r.Path}")
        .Distinct()
        .Order(StringComparer.Ordinal));
}
