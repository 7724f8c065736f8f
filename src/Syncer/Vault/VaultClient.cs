using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Syncer.Observability;
using Syncer.Vault.Auth;
using Syncer.Vault.Configuration;
using Syncer.Vault.Http;

namespace Syncer.Vault;

/// <summary>
/// Syncer's Vault client (one per process). A read in the steady state is exactly one HTTP request: the token is
/// shared and renewed in the background, the mount's KV version is looked up once, and identical reads within
/// <see cref="VaultClientSettings.SingleFlightWindow"/> share one request. Only KV mounts are read: the mount's type is
/// known before a read (and checked again on the answer), and a missing path or mount is remembered briefly.
/// </summary>
internal sealed class VaultClient : IVaultClient, IAsyncDisposable
{
    private const string DefaultV2Mount = "secret";
    private const string DefaultV1Mount = "kv";
    private static readonly IReadOnlyDictionary<string, JsonElement> Empty = new Dictionary<string, JsonElement>();

    private readonly VaultTransport _transport;
    private readonly VaultTokenManager _tokens;
    private readonly MountResolver _mounts;
    private readonly NegativeCache<(string Path, int? Version)> _missing;
    private readonly SingleFlight<(string Mount, string Path, int? Version), Secret<SecretData>> _v2Reads;
    private readonly SingleFlight<(string Mount, string Path), Secret<IReadOnlyDictionary<string, JsonElement>>> _v1Reads;
    private readonly SyncerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TimeSpan _negativeCacheDuration;
    private int _disposed;

    public VaultClient(VaultClientSettings settings, IAuthMethodInfo authMethod, SyncerMetrics metrics, ILogger<VaultClient> logger, TimeProvider timeProvider, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _metrics = metrics;
        _logger = logger;
        _transport = new VaultTransport(settings, metrics, logger, timeProvider, handler);
        _tokens = new VaultTokenManager(authMethod, _transport, timeProvider, metrics, logger, settings.Auth.RenewIncrement);
        _mounts = new MountResolver(settings.KvVersions, settings.Namespace, timeProvider, settings.NegativeCacheDuration, SendAuthenticatedAsync, logger, _lifetime.Token);
        _missing = new(timeProvider, settings.NegativeCacheDuration);
        _negativeCacheDuration = settings.NegativeCacheDuration;
        _v2Reads = new(timeProvider, settings.SingleFlightWindow);
        _v1Reads = new(timeProvider, settings.SingleFlightWindow);
    }

    /// <summary>True while the last login attempt failed (readiness of the leader).</summary>
    public bool AuthenticationFailing => _tokens.LoginFailing;

    /// <summary>Sets <c>syncer_vault_token_expiry_seconds</c> from the current token and clock (called at each scrape).</summary>
    public void PublishTokenExpiry() => _tokens.PublishExpiry();

    /// <summary>Entries the client holds for reads and lookups that age out (shared answers, remembered misses): for tests.</summary>
    internal int CachedEntries => _v2Reads.Count + _v1Reads.Count + _missing.Count + _mounts.RefusedCount;

    public Task<Secret<SecretData>> ReadSecretAsync(string path, int? version = null, string? mountPoint = null, CancellationToken cancellationToken = default)
    {
        var key = (Mount: (mountPoint ?? DefaultV2Mount).Trim('/'), Path: path.Trim('/'), Version: version is > 0 ? version : null);
        return _v2Reads.RunAsync(key, () => ReadV2Async(key.Mount, key.Path, key.Version), () => Shared($"{key.Mount}/{key.Path}"), cancellationToken);
    }

    public Task<Secret<IReadOnlyDictionary<string, JsonElement>>> ReadSecretV1Async(string path, string? mountPoint = null, CancellationToken cancellationToken = default)
    {
        var key = (Mount: (mountPoint ?? DefaultV1Mount).Trim('/'), Path: path.Trim('/'));
        return _v1Reads.RunAsync(key, () => ReadV1Async(key.Mount, key.Path), () => Shared($"{key.Mount}/{key.Path}"), cancellationToken);
    }

    public Task<KeyValueSecret> ReadKeyValueAsync(string fullPath, int? version = null, CancellationToken cancellationToken = default) =>
        ReadKeyValueAsync(fullPath, version, fresh: false, cancellationToken);

    public async Task<KeyValueSecret> ReadKeyValueAsync(string fullPath, int? version, bool fresh, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullPath);
        var trimmed = fullPath.Trim('/');
        var key = (Path: trimmed, Version: version is > 0 ? version : null);
        if (!fresh && _missing.Find(key) is { } missing)
        {
            Log.RememberedMissing(_logger, trimmed, missing.GetType().Name, _negativeCacheDuration);
            ExceptionDispatchInfo.Throw(missing);
        }

        var mount = await _mounts.ResolveAsync(trimmed, fresh, cancellationToken);
        if (!mount.IsKv)
        {
            Log.MountNotKv(_logger, trimmed, mount.Path, mount.Type);
            throw new VaultMountNotKvException(trimmed, mount.Path, mount.Type);
        }

        if (trimmed.Length <= mount.Path.Length)
        {
            throw new ArgumentException($"'{trimmed}' names the mount itself, not a secret under it.", nameof(fullPath));
        }

        try
        {
            var read = await ReadOnMountAsync(mount, trimmed[(mount.Path.Length + 1)..], key.Version, fresh, cancellationToken);
            _missing.Forget(key);
            return read;
        }
        catch (VaultApiException e) when (e is VaultSecretNotFoundException or VaultSecretDeletedException or VaultRouteNotFoundException)
        {
            // Missing: say so again without asking Vault until the negative cache lets go (a fresh read asks at once).
            // No route, or a v1 path on what is now a v2 mount: the mount we knew is gone or changed; look it up again.
            _missing.Remember(key, e);
            if (e is VaultRouteNotFoundException)
            {
                _mounts.Forget(mount);
            }

            throw;
        }
        catch (VaultMountNotKvException)
        {
            _mounts.Forget(mount); // the answer came from another engine: the mount was replaced since the lookup
            throw;
        }
    }

    public Task<SecretsEngineMount> ResolveMountAsync(string fullPath, bool fresh = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullPath);
        return _mounts.ResolveAsync(fullPath.Trim('/'), fresh, cancellationToken);
    }

    /// <summary>KV v2 <c>metadata/&lt;path&gt;</c> (VaultSharp <c>V2.ReadSecretMetadataAsync</c>).</summary>
    public Task<Secret<FullSecretMetadata>> ReadSecretMetadataAsync(string path, string? mountPoint = null, CancellationToken cancellationToken = default) =>
        GetAsync<FullSecretMetadata>(new VaultRequest("kv2_metadata", HttpMethod.Get, VaultPaths.Join(mountPoint ?? DefaultV2Mount, "metadata", path)), cancellationToken);

    /// <summary>KV v2 LIST of <c>metadata/&lt;folder&gt;</c> as <c>GET ?list=true</c> (VaultSharp <c>V2.ReadSecretPathsAsync</c>).</summary>
    public Task<Secret<ListInfo>> ReadSecretPathsAsync(string path, string? mountPoint = null, CancellationToken cancellationToken = default) =>
        GetAsync<ListInfo>(new VaultRequest("kv2_list", HttpMethod.Get, VaultPaths.Join(mountPoint ?? DefaultV2Mount, "metadata", path) + "/", "list=true"), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // the container disposes it as VaultClient and as IVaultClient
        }

        await _lifetime.CancelAsync();
        await _tokens.DisposeAsync();
        _transport.Dispose();
        _mounts.Dispose();
        _missing.Dispose();
        _v2Reads.Dispose();
        _v1Reads.Dispose();
        _lifetime.Dispose();
    }

    private async Task<KeyValueSecret> ReadOnMountAsync(SecretsEngineMount mount, string path, int? version, bool fresh, CancellationToken cancellationToken)
    {
        if (mount.KvVersion == 2)
        {
            var secret = fresh
                ? await ReadV2Async(mount.Path, path, version).WaitAsync(cancellationToken)
                : await ReadSecretAsync(path, version, mount.Path, cancellationToken);
            return new KeyValueSecret(mount.Path, path, secret.Data?.Metadata?.Version, secret.Data!.Data!);
        }

        if (version is not null)
        {
            throw new VaultVersionNotSupportedException($"'{mount.Path}/{path}' is on KV v1 mount '{mount.Path}', which has no versions; remove the version.");
        }

        var v1 = fresh
            ? await ReadV1Async(mount.Path, path).WaitAsync(cancellationToken)
            : await ReadSecretV1Async(path, mount.Path, cancellationToken);
        return new KeyValueSecret(mount.Path, path, null, v1.Data ?? Empty);
    }

    private async Task<Secret<SecretData>> ReadV2Async(string mount, string path, int? version)
    {
        var request = new VaultRequest("kv2_read", HttpMethod.Get, VaultPaths.Join(mount, "data", path), version is { } v ? $"version={v}" : null);
        var secret = EnsureKvAnswer(await GetAsync<SecretData>(request, _lifetime.Token), mount, path);
        if (secret.Data?.Data is null)
        {
            // 200 without data is not a usable answer; say so rather than hand back an empty secret.
            throw secret.Data?.Metadata is { } metadata
                ? new VaultSecretDeletedException($"Vault kv2_read of '{request.Path}': version {metadata.Version} has no data.", metadata)
                : new VaultSecretNotFoundException($"Vault kv2_read of '{request.Path}': no data in the answer.", secret.Warnings ?? []);
        }

        return secret;
    }

    private async Task<Secret<IReadOnlyDictionary<string, JsonElement>>> ReadV1Async(string mount, string path) =>
        EnsureKvAnswer(await GetAsync<IReadOnlyDictionary<string, JsonElement>>(new VaultRequest("kv1_read", HttpMethod.Get, $"{VaultPaths.Escape(mount)}/{VaultPaths.Escape(path)}"), _lifetime.Token), mount, path);

    /// <summary>
    /// Defence in depth: Vault names the engine that answered (<c>mount_type</c>; older servers leave it out). An
    /// answer from anything but KV is dropped unread, which catches a mount replaced by another type since its lookup.
    /// </summary>
    private Secret<T> EnsureKvAnswer<T>(Secret<T> secret, string mount, string path)
    {
        if (secret.MountType is { Length: > 0 } type && type != SecretsEngineMount.KvType)
        {
            Log.MountNotKv(_logger, $"{mount}/{path}", mount, type);
            throw new VaultMountNotKvException($"{mount}/{path}", mount, type);
        }

        return secret;
    }

    private async Task<Secret<T>> GetAsync<T>(VaultRequest request, CancellationToken cancellationToken)
    {
        var response = await SendAuthenticatedAsync(request, cancellationToken);
        return response.IsSuccess
            ? VaultJson.Deserialize<Secret<T>>(response.Body, $"{request.Operation} of '{request.Path}'")
            : throw VaultErrors.ToException(request, response);
    }

    /// <summary>Sends with the shared token; on a 403 from an expired or revoked token, logs in once and retries once.</summary>
    private async Task<VaultResponse> SendAuthenticatedAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetTokenAsync(cancellationToken);
        var response = await _transport.SendAsync(request with { Token = token }, cancellationToken);
        if (response.StatusCode == 403 &&
            await _tokens.RecoverFromForbiddenAsync(token, response.Body.Contains("invalid token", StringComparison.Ordinal), cancellationToken) is { } fresh)
        {
            response = await _transport.SendAsync(request with { Token = fresh }, cancellationToken);
        }

        return response;
    }

    private void Shared(string key)
    {
        _metrics.VaultReadsSharedTotal.Inc();
        Log.ReadShared(_logger, key);
    }
}
