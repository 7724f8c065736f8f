using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Syncer.Vault.Http;

namespace Syncer.Vault;

/// <summary>
/// Finds the KV mount of a full path and its version: from the settings override, else once per mount through
/// <c>GET sys/internal/ui/mounts/&lt;path&gt;</c> (as <c>vault kv get</c> does), cached for the life of the process.
/// A 404 there means an old server: the first segment is taken as a KV v1 mount. A 403 means no such mount or no access.
/// </summary>
internal sealed class KvMountResolver
{
    private readonly ConcurrentDictionary<string, KvMount> _mounts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _preflightGate = new(1, 1);
    private int _outages;
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _lastOutage;
    private readonly Func<VaultRequest, CancellationToken, Task<VaultResponse>> _send;
    private readonly string? _namespace;
    private readonly ILogger _logger;
    private readonly CancellationToken _lifetime;

    public KvMountResolver(IReadOnlyDictionary<string, int> overrides, string? vaultNamespace, Func<VaultRequest, CancellationToken, Task<VaultResponse>> send, ILogger logger, CancellationToken lifetime)
    {
        _lifetime = lifetime;
        ArgumentNullException.ThrowIfNull(overrides);
        _send = send;
        _logger = logger;
        _namespace = string.IsNullOrWhiteSpace(vaultNamespace) ? null : vaultNamespace.Trim('/') + "/";
        foreach (var (mount, version) in overrides)
        {
            var path = mount.Trim('/');
            _mounts[path] = new KvMount(path, version);
        }
    }

    public async Task<KvMount> ResolveAsync(string fullPath, CancellationToken cancellationToken)
    {
        if (Known(fullPath) is { } known)
        {
            return known;
        }

        // Which mount serves a path is unknown until a lookup answers, so concurrent first reads of different paths
        // cannot tell that they share one. Mounts are few and learned once: look up one path at a time and check the
        // cache again after waiting, so a cold wave of reads under one mount costs one lookup, not one per path.
        // A sealed or unreachable Vault seen by the lookup before this one answers the waiters too: otherwise each would
        // run its own full retry cycle, one after another, while the outage lasts. Other failures belong to one path.
        var outagesBefore = Volatile.Read(ref _outages);
        await _preflightGate.WaitAsync(cancellationToken);
        try
        {
            if (Known(fullPath) is { } learned)
            {
                return learned;
            }

            if (_outages != outagesBefore && _lastOutage is { } outage)
            {
                outage.Throw();
            }

            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime);
                return await PreflightAsync(fullPath, linked.Token);
            }
            catch (Exception e) when (e is VaultUnavailableException or VaultSealedException)
            {
                _lastOutage = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                Interlocked.Increment(ref _outages);
                throw;
            }
        }
        finally
        {
            _preflightGate.Release();
        }
    }

    private KvMount? Known(string fullPath) => _mounts.Values.Where(m => m.Contains(fullPath)).MaxBy(m => m.Path.Length);

    private async Task<KvMount> PreflightAsync(string fullPath, CancellationToken cancellationToken)
    {
        var request = new VaultRequest("kv_preflight", HttpMethod.Get, "sys/internal/ui/mounts/" + VaultPaths.Escape(fullPath));
        var response = await _send(request, cancellationToken);
        KvMount mount;
        if (response.StatusCode == 404)
        {
            mount = new KvMount(fullPath.Split('/')[0], 1);
            Log.KvMountResolved(_logger, mount.Path, 1, "old server without sys/internal/ui/mounts");
        }
        else if (response.IsSuccess)
        {
            var info = VaultJson.Deserialize<Secret<MountInfo>>(response.Body, "the mount lookup").Data;
            var path = (info?.Path ?? fullPath.Split('/')[0]).Trim('/');
            if (_namespace is not null && path.StartsWith(_namespace, StringComparison.Ordinal))
            {
                path = path[_namespace.Length..];
            }

            var version = info?.Options is { } options && options.TryGetValue("version", out var v) && v == "2" ? 2 : 1;
            mount = new KvMount(path, version);
            Log.KvMountResolved(_logger, path, version, "sys/internal/ui/mounts");
        }
        else
        {
            throw VaultErrors.ToException(request, response);
        }

        return _mounts.GetOrAdd(mount.Path, mount);
    }
}
