using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Syncer.Vault.Http;

namespace Syncer.Vault;

/// <summary>
/// Finds the mount a full path falls under, with its type and KV version: from the <c>KvVersions</c> settings (KV on
/// the operator's word), else through <c>GET sys/internal/ui/mounts/&lt;path&gt;</c> as <c>vault kv get</c> does,
/// remembered for the life of the process (until a read finds the mount gone or changed: <see cref="Forget"/>).
/// Lookups are single-flight per first path segment: concurrent first reads under one segment cost one lookup, other
/// segments look up in parallel. A 403 answer (no such mount, or no access to it: Vault gives both the same answer)
/// is remembered per path for the negative-cache duration; an outage is never remembered, but it answers every caller
/// waiting on that lookup, so the waiters do not each run their own full retry cycle against a Vault that is down.
/// </summary>
internal sealed class MountResolver : IDisposable
{
    private readonly Dictionary<string, SecretsEngineMount> _configured = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SecretsEngineMount> _learned = new(StringComparer.Ordinal);
    private readonly SingleFlight<string, Lookup> _lookups;
    private readonly NegativeCache<string> _refused;
    private readonly Func<VaultRequest, CancellationToken, Task<VaultResponse>> _send;
    private readonly string? _namespace;
    private readonly ILogger _logger;
    private readonly CancellationToken _lifetime;

    public MountResolver(
        IReadOnlyDictionary<string, int> overrides, string? vaultNamespace, TimeProvider timeProvider, TimeSpan negativeCacheDuration,
        Func<VaultRequest, CancellationToken, Task<VaultResponse>> send, ILogger logger, CancellationToken lifetime)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        _send = send;
        _logger = logger;
        _lifetime = lifetime;
        _namespace = string.IsNullOrWhiteSpace(vaultNamespace) ? null : vaultNamespace.Trim('/') + "/";
        _lookups = new SingleFlight<string, Lookup>(timeProvider, TimeSpan.Zero);
        _refused = new NegativeCache<string>(timeProvider, negativeCacheDuration);
        foreach (var (mount, version) in overrides)
        {
            var path = mount.Trim('/');
            _configured[path] = SecretsEngineMount.Kv(path, version);
        }
    }

    /// <summary>Paths whose lookup was refused and is remembered now (for tests and diagnostics).</summary>
    internal int RefusedCount => _refused.Count;

    /// <summary>
    /// The mount <paramref name="fullPath"/> (trimmed) falls under, whatever its type. <paramref name="fresh"/> skips
    /// a remembered refusal (force-sync), not a known mount. Throws the lookup's <see cref="VaultApiException"/>.
    /// </summary>
    public async Task<SecretsEngineMount> ResolveAsync(string fullPath, bool fresh, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Known(fullPath) is { } known)
            {
                return known;
            }

            if (!fresh && _refused.Find(fullPath) is { } refused)
            {
                ExceptionDispatchInfo.Throw(refused);
            }

            var lookup = await _lookups.RunAsync(FirstSegment(fullPath), () => LookUpAsync(fullPath), static () => { }, cancellationToken);
            if (lookup.Path == fullPath)
            {
                return lookup.Mount ?? throw lookup.Failure!;
            }

            if (lookup.Mount is { } mount && mount.Contains(fullPath))
            {
                return mount;
            }

            // The shared lookup was for another path under this segment (a sibling mount, or a 403 that belongs to
            // that path alone) and says nothing about this one: go round, with what it taught us.
        }
    }

    /// <summary>Drops a learned mount that a read found gone (no route) or of another type now; the next read looks again.</summary>
    public void Forget(SecretsEngineMount mount) => _learned.TryRemove(new KeyValuePair<string, SecretsEngineMount>(mount.Path, mount));

    public void Dispose()
    {
        _lookups.Dispose();
        _refused.Dispose();
    }

    private static string FirstSegment(string fullPath) => fullPath.Split('/', 2)[0];

    /// <summary>
    /// The longest known mount <paramref name="fullPath"/> falls under. On every read's path: plain loops, because
    /// <c>ConcurrentDictionary.Values</c> takes every lock and copies (the profile of a 5,000-Secret cold start showed
    /// sync slots queued on those locks); enumerating the dictionary takes none.
    /// </summary>
    private SecretsEngineMount? Known(string fullPath)
    {
        SecretsEngineMount? best = null;
        foreach (var (_, mount) in _configured)
        {
            best = Longer(best, mount, fullPath);
        }

        foreach (var (_, mount) in _learned)
        {
            best = Longer(best, mount, fullPath);
        }

        return best;
    }

    private static SecretsEngineMount? Longer(SecretsEngineMount? best, SecretsEngineMount candidate, string fullPath) =>
        candidate.Contains(fullPath) && (best is null || candidate.Path.Length > best.Path.Length) ? candidate : best;

    /// <summary>
    /// One lookup, on the client's lifetime (no caller's cancellation stops what others wait for). A 4xx belongs to
    /// this path and is handed back; an exception (Vault unreachable, sealed or failing after the retries, a failed
    /// login) is thrown to every waiter.
    /// </summary>
    private async Task<Lookup> LookUpAsync(string fullPath)
    {
        var request = new VaultRequest("kv_preflight", HttpMethod.Get, "sys/internal/ui/mounts/" + VaultPaths.Escape(fullPath));
        var response = await _send(request, _lifetime);
        if (response.StatusCode == 404)
        {
            // Servers before Vault 0.10 have no such endpoint; `vault kv get` then takes the first segment as KV v1.
            // That is NOT safe on them: their type is unknown, so a path on a database mount there would be read.
            // It is safe on every server that has the endpoint (0.10, 2018, on): it answers 200 or 403 for any path,
            // never 404, so no choice of path by a tenant reaches this branch. Kept for `vault kv get` parity.
            return Learned(fullPath, SecretsEngineMount.Kv(FirstSegment(fullPath), 1), "old server without sys/internal/ui/mounts");
        }

        if (response.IsSuccess)
        {
            var info = VaultJson.Deserialize<Secret<MountInfo>>(response.Body, "the mount lookup").Data;
            var path = (info?.Path ?? FirstSegment(fullPath)).Trim('/');
            if (_namespace is not null && path.StartsWith(_namespace, StringComparison.Ordinal))
            {
                path = path[_namespace.Length..];
            }

            var type = string.IsNullOrEmpty(info?.Type) ? "unknown" : info.Type;
            int? version = type != SecretsEngineMount.KvType ? null
                : info?.Options is { } options && options.TryGetValue("version", out var v) && v == "2" ? 2 : 1;
            return Learned(fullPath, new SecretsEngineMount(path, type, version), "sys/internal/ui/mounts");
        }

        var error = VaultErrors.ToException(request, response);
        if (response.StatusCode == 403)
        {
            _refused.Remember(fullPath, error);
            return new Lookup(fullPath, null, error);
        }

        return VaultRetryPolicy.IsRetryableStatus(response.StatusCode) ? throw error : new Lookup(fullPath, null, error);
    }

    private Lookup Learned(string fullPath, SecretsEngineMount mount, string source)
    {
        if (!mount.Contains(fullPath))
        {
            var odd = new VaultApiException(System.Net.HttpStatusCode.OK, $"Vault's mount lookup of '{fullPath}' named mount '{mount.Path}/', which does not hold it.", [], []);
            return new Lookup(fullPath, null, odd);
        }

        Log.MountResolved(_logger, mount.Path, mount.Type, mount.KvVersion, source);
        _refused.Forget(fullPath);
        _learned[mount.Path] = mount; // the newest answer is the truth
        return new Lookup(fullPath, mount, null);
    }

    /// <summary>What one lookup found for <see cref="Path"/>: the mount, or the failure that belongs to that path.</summary>
    private sealed record Lookup(string Path, SecretsEngineMount? Mount, Exception? Failure);
}
