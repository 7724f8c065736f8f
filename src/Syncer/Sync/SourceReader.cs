using System.Net.Http;
using Syncer.Policy;
using Syncer.Spec;
using Syncer.Vault;

namespace Syncer.Sync;

/// <summary>
/// Reads a spec's sources, and decides first, before any data read, whether it may (PRODUCT.md section 2 and promise
/// 7): the tenancy policy on each path as written, then each path's mount as Vault names it (a lookup, not a read:
/// its answer is the same whether the path exists or not), only KV mounts, then the policy again on the real mount.
/// So a denied namespace learns nothing about a path, a denied read never reaches Vault nor the read cache, and a
/// path on a database, PKI or transit mount never mints or exposes anything. Reads go through the
/// <see cref="VaultReadCache"/>; each Vault failure becomes a sync failure reason with a stable message (the same
/// failure gives the same text, so the error annotation is not rewritten).
/// </summary>
internal sealed class SourceReader(TenancyPolicy policy, IVaultClient vault, VaultReadCache cache)
{
    public async Task<SourceReadResult> ReadAsync(
        string @namespace, IReadOnlyList<VaultSource> sources, TimeSpan window, bool forceFresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (await AuthorizeAsync(@namespace, sources, forceFresh, cancellationToken) is { } refused)
        {
            return refused;
        }

        var reads = new Dictionary<VaultSource, KeyValueSecret>();
        foreach (var source in sources)
        {
            try
            {
                reads[source] = await cache.ReadAsync(source, window, forceFresh, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed(reads, ex, source);
            }
        }

        return new SourceReadResult(reads);
    }

    /// <returns>Null when every source may be read; otherwise the first refusal, made before any data read.</returns>
    private async Task<SourceReadResult?> AuthorizeAsync(string @namespace, IReadOnlyList<VaultSource> sources, bool fresh, CancellationToken cancellationToken)
    {
        var none = new Dictionary<VaultSource, KeyValueSecret>();
        if (sources.Select(s => policy.Check(@namespace, s.FullPath)).FirstOrDefault(d => !d.Allowed) is { } denied)
        {
            return new SourceReadResult(none, SyncFailureReason.Forbidden, denied.Reason);
        }

        foreach (var source in sources)
        {
            SecretsEngineMount mount;
            try
            {
                mount = await vault.ResolveMountAsync(source.FullPath, fresh, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed(none, ex, source);
            }

            if (!mount.IsKv)
            {
                return Failed(none, new VaultMountNotKvException(source.FullPath, mount.Path, mount.Type), source);
            }

            if (policy.CheckResolved(@namespace, source.FullPath, mount.Path) is { Allowed: false } resolvedDenied)
            {
                return new SourceReadResult(none, SyncFailureReason.Forbidden, resolvedDenied.Reason);
            }
        }

        return null;
    }

    private static SourceReadResult Failed(IReadOnlyDictionary<VaultSource, KeyValueSecret> reads, Exception exception, VaultSource source)
    {
        var (reason, message) = Describe(exception, source);
        return new SourceReadResult(reads, reason, message);
    }

    internal static (SyncFailureReason Reason, string Message) Describe(Exception exception, VaultSource source) => exception switch
    {
        // Only KV mounts are read: refused like a tenancy denial (not retried, a Forbidden Event), naming the mount's type.
        VaultMountNotKvException notKv => (SyncFailureReason.Forbidden, notKv.Message),
        VaultVersionNotSupportedException => (SyncFailureReason.InvalidSpec,
            $"{SyncAnnotations.Version} pins version {source.Version} of {source.FullPath}, which is on a KV v1 mount without versions; remove {SyncAnnotations.Version}"),
        VaultSecretNotFoundException => (SyncFailureReason.SourceMissing, $"{source} does not exist in Vault"),
        VaultSecretDeletedException deleted => (SyncFailureReason.SourceMissing,
            $"{source} is {(deleted.Destroyed ? "destroyed" : "deleted")} in Vault"),
        VaultRouteNotFoundException => (SyncFailureReason.SourceMissing, $"no Vault KV mount serves {source}; check the mount name"),
        VaultForbiddenException => (SyncFailureReason.VaultDenied, $"Vault denied reading {source} (403): Syncer's Vault policy does not grant it, or no KV mount serves it"),
        VaultSealedException => (SyncFailureReason.VaultUnavailable, $"Vault is sealed; could not read {source}"),
        VaultUnavailableException => (SyncFailureReason.VaultUnavailable, $"Vault is unreachable; could not read {source}"),
        VaultApiException api => (SyncFailureReason.VaultError, $"Vault answered {api.StatusCode} reading {source}"),
        HttpRequestException => (SyncFailureReason.VaultUnavailable, $"Vault is unreachable; could not read {source}"),
        OperationCanceledException => (SyncFailureReason.VaultUnavailable, $"reading {source} from Vault timed out"),
        _ => (SyncFailureReason.VaultError, $"reading {source} from Vault failed ({exception.GetType().Name})"),
    };
}
