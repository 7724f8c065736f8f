namespace Syncer.Vault;

// CONTRACT (skeleton commit): the Vault-client work implements this; the sync engine codes against it.

/// <summary>
/// Syncer's Vault client, shaped like VaultSharp's <c>IVaultClient.V1.Secrets.KeyValue</c> so that VaultSharp could
/// replace it. One instance per process: it holds the shared, renewed token.
/// </summary>
internal interface IVaultClient
{
    /// <summary>
    /// KV v2 read (<c>GET /v1/{mount}/data/{path}[?version=N]</c>) on a mount the caller knows is KV v2; an answer
    /// from another engine type is refused all the same. VaultSharp: <c>V2.ReadSecretAsync</c>.
    /// </summary>
    Task<Secret<SecretData>> ReadSecretAsync(string path, int? version = null, string? mountPoint = null, CancellationToken cancellationToken = default);

    /// <summary>KV v1 read (<c>GET /v1/{mount}/{path}</c>), as <see cref="ReadSecretAsync"/>. VaultSharp: <c>V1.ReadSecretAsync</c>.</summary>
    Task<Secret<IReadOnlyDictionary<string, System.Text.Json.JsonElement>>> ReadSecretV1Async(string path, string? mountPoint = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The mount <paramref name="fullPath"/> (<c>&lt;mount&gt;/&lt;path&gt;</c> as <c>vault kv get</c> takes it) falls
    /// under: its path, engine type and KV version, from <c>sys/internal/ui/mounts/&lt;path&gt;</c>, looked up once per
    /// mount and cached. No data is read, so a caller can decide a policy on the mount before any read. Any type is
    /// returned; only a KV one may then be read. VaultSharp's <c>V1.System.GetSecretBackendAsync(mountPoint)</c> answers
    /// the same question for a mount already known; this one starts from a path. With <paramref name="fresh"/> a
    /// refusal remembered by the negative cache is asked again. Throws the lookup's <see cref="VaultApiException"/>
    /// (<see cref="VaultForbiddenException"/>: no such mount, or no access to it).
    /// </summary>
    Task<SecretsEngineMount> ResolveMountAsync(string fullPath, bool fresh = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads <c>{mount}/{path}</c> as <c>vault kv get</c> takes it, whatever the KV version of the mount (detected once
    /// through <c>sys/internal/ui/mounts</c> and cached). A path on a mount that is not KV is refused before any read
    /// (<see cref="VaultMountNotKvException"/>). Concurrent reads of one (path, version) share one request; a missing
    /// path or mount is remembered for <c>NegativeCacheDuration</c>. Throws a <see cref="VaultApiException"/> subtype
    /// that tells missing, deleted, unmounted, not KV, forbidden and sealed apart.
    /// </summary>
    Task<KeyValueSecret> ReadKeyValueAsync(string fullPath, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="ReadKeyValueAsync(string, int?, CancellationToken)"/>; with <paramref name="fresh"/> the read
    /// neither joins nor reuses another read's answer, nor a remembered "missing": a new request goes to Vault
    /// (<c>syncer.io/force-sync</c>).
    /// </summary>
    Task<KeyValueSecret> ReadKeyValueAsync(string fullPath, int? version, bool fresh, CancellationToken cancellationToken);

    /// <summary>KV v2 metadata (<c>GET /v1/{mount}/metadata/{path}</c>). VaultSharp: <c>V2.ReadSecretMetadataAsync</c>.</summary>
    Task<Secret<FullSecretMetadata>> ReadSecretMetadataAsync(string path, string? mountPoint = null, CancellationToken cancellationToken = default);

    /// <summary>KV v2 list (<c>GET /v1/{mount}/metadata/{folder}/?list=true</c>). VaultSharp: <c>V2.ReadSecretPathsAsync</c>.</summary>
    Task<Secret<ListInfo>> ReadSecretPathsAsync(string path, string? mountPoint = null, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IVaultClient.ReadKeyValueAsync"/> returns: top-level properties as JSON, and where they came from.</summary>
/// <param name="Mount">The mount, without trailing slash ("secret").</param>
/// <param name="Path">The path inside the mount ("shop/db").</param>
/// <param name="Version">The KV v2 version read; null on KV v1.</param>
internal sealed record KeyValueSecret(string Mount, string Path, int? Version, IReadOnlyDictionary<string, System.Text.Json.JsonElement> Data);
