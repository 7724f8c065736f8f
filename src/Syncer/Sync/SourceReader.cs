using System.Net.Http;
using Syncer.Spec;
using Syncer.Vault;

namespace Syncer.Sync;

/// <summary>
/// Reads a spec's sources through the <see cref="VaultReadCache"/> and turns each Vault failure into a sync failure
/// reason with a stable message (the same failure gives the same text, so the error annotation is not rewritten).
/// </summary>
internal sealed class SourceReader(VaultReadCache cache)
{
    public async Task<SourceReadResult> ReadAsync(
        IReadOnlyList<VaultSource> sources, TimeSpan window, bool forceFresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var reads = new Dictionary<VaultSource, KeyValueSecret>();
        foreach (var source in sources)
        {
            try
            {
                reads[source] = await cache.ReadAsync(source, window, forceFresh, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var (reason, message) = Describe(ex, source);
                return new SourceReadResult(reads, reason, message);
            }
        }

        return new SourceReadResult(reads);
    }

    internal static (SyncFailureReason Reason, string Message) Describe(Exception exception, VaultSource source) => exception switch
    {
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
