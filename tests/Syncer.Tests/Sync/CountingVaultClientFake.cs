using System.Collections.Concurrent;
using Syncer.Vault;

namespace Syncer.Tests.Sync;

/// <summary>
/// Hand-written IVaultClient FAKE for unit tests of the read cache only (no HTTP): answers
/// <see cref="ReadKeyValueAsync"/> from a dictionary or a queued exception, counts calls, and can hold a read open.
/// Integration tests use the real client against the Vault double instead.
/// </summary>
internal sealed class CountingVaultClientFake : IVaultClient
{
    private readonly ConcurrentDictionary<(string Path, int? Version), int> _reads = new();

    public Dictionary<string, KeyValueSecret> Secrets { get; } = new(StringComparer.Ordinal);

    public Exception? NextFailure { get; set; }

    /// <summary>When set, reads wait for it before answering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int Reads(string path, int? version = null) => _reads.GetValueOrDefault((path, version));

    public int TotalReads => _reads.Values.Sum();

    public Task<KeyValueSecret> ReadKeyValueAsync(string fullPath, int? version = null, CancellationToken cancellationToken = default) =>
        ReadKeyValueAsync(fullPath, version, fresh: false, cancellationToken);

    public async Task<KeyValueSecret> ReadKeyValueAsync(string fullPath, int? version, bool fresh, CancellationToken cancellationToken)
    {
        _reads.AddOrUpdate((fullPath, version), 1, (_, n) => n + 1);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (NextFailure is { } failure)
        {
            NextFailure = null;
            throw failure;
        }

        return Secrets.TryGetValue(fullPath, out var secret)
            ? secret
            : throw new VaultSecretNotFoundException($"read {fullPath}: not found", []);
    }

    public Task<SecretsEngineMount> ResolveMountAsync(string fullPath, bool fresh = false, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The read cache only uses ReadKeyValueAsync.");

    public Task<Secret<SecretData>> ReadSecretAsync(string path, int? version = null, string? mountPoint = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The read cache only uses ReadKeyValueAsync.");

    public Task<Secret<IReadOnlyDictionary<string, System.Text.Json.JsonElement>>> ReadSecretV1Async(string path, string? mountPoint = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The read cache only uses ReadKeyValueAsync.");

    public Task<Secret<FullSecretMetadata>> ReadSecretMetadataAsync(string path, string? mountPoint = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The read cache only uses ReadKeyValueAsync.");

    public Task<Secret<ListInfo>> ReadSecretPathsAsync(string path, string? mountPoint = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The read cache only uses ReadKeyValueAsync.");
}
