using System.Security.Cryptography;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Kubernetes;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// The key of <c>syncer.io/data-hash</c>: read from a Secret in Syncer's own namespace, created once with 32 random
/// bytes when absent, so hashes survive restarts and every replica uses the same key. Two replicas creating it at
/// once: the loser gets 409 AlreadyExists and reads the winner's key. Loaded once per process and held: deleted while
/// Syncer runs, the Secret is created again with the same bytes (<see cref="EnsureStoredAsync"/>), so no hash changes.
/// Absent at start while managed Secrets carry data-hashes, it was lost while Syncer was down: a new key is created and
/// reported once, and each Secret's hash is rewritten at its next scheduled sync (<see cref="SecretPlanner"/>).
/// </summary>
internal sealed class HmacKeyStore(
    SecretClient secrets, ManagedSecretStore store, HmacKeyReporter reporter, IOptions<SyncOptions> options, ILogger<HmacKeyStore> logger)
    : IDisposable
{
    public const string DataKey = "key";
    public const int KeyLength = 32;

    private readonly SyncOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;
    private string? _mismatchReported;

    private string Namespace => _options.Namespace ?? OwnNamespace.Default;

    private string Name => _options.HmacKeySecretName;

    public async ValueTask<byte[]> GetKeyAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _key) is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            _key ??= await LoadOrCreateAsync(cancellationToken);
            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Once the key is loaded: the Secret still holds it. Deleted: created again with the same bytes and reported. Holding
    /// another key (replaced by hand): reported once, and this process keeps its own (changing keys under running syncs
    /// would mistake every hash for a data change). Before the key is loaded there is nothing to keep.
    /// </summary>
    public async Task EnsureStoredAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _key) is not { } key)
        {
            return;
        }

        var stored = await secrets.GetAsync(Namespace, Name, cancellationToken);
        if (stored is null)
        {
            try
            {
                var created = await secrets.CreateAsync(NewKeySecret(key), cancellationToken);
                await reporter.ReportAsync(created, HmacKeyIncident.Recreated, cancellationToken);
                return;
            }
            catch (Exception ex) when (SecretClient.IsConflict(ex))
            {
                // Another replica restored it first (with the same bytes, or it is checked below next time).
                return;
            }
        }

        if (TryExtract(stored, out var storedKey) && storedKey.AsSpan().SequenceEqual(key))
        {
            _mismatchReported = null;
        }
        else if (_mismatchReported != stored.Metadata.ResourceVersion)
        {
            _mismatchReported = stored.Metadata.ResourceVersion;
            await reporter.ReportAsync(stored, HmacKeyIncident.Mismatch, cancellationToken);
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        var existing = await secrets.GetAsync(Namespace, Name, cancellationToken);
        if (existing is not null)
        {
            Log.HmacKeyLoaded(logger, Namespace, Name);
            return Extract(existing);
        }

        // Managed Secrets already carrying a data-hash: their key was lost while Syncer was down.
        var lost = store.AnyCarries(SyncAnnotations.DataHash);
        try
        {
            var created = await secrets.CreateAsync(NewKeySecret(RandomNumberGenerator.GetBytes(KeyLength)), cancellationToken);
            if (lost)
            {
                await reporter.ReportAsync(created, HmacKeyIncident.Lost, cancellationToken);
            }
            else
            {
                Log.HmacKeyCreated(logger, Namespace, Name);
            }

            return Extract(created);
        }
        catch (Exception ex) when (SecretClient.IsConflict(ex))
        {
            // Another replica created it between our GET and POST: use theirs (it reported any loss).
            Log.HmacKeyCreateRace(logger, Namespace, Name);
            var winner = await secrets.GetAsync(Namespace, Name, cancellationToken)
                ?? throw new InvalidOperationException($"Secret {Namespace}/{Name} was reported as existing but cannot be read.");
            return Extract(winner);
        }
    }

    private V1Secret NewKeySecret(byte[] key) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = Name,
            NamespaceProperty = Namespace,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "syncer" },
        },
        Type = "Opaque",
        Data = new Dictionary<string, byte[]> { [DataKey] = key },
    };

    private byte[] Extract(V1Secret secret) =>
        // Never overwrite a bad key: that would silently change every data-hash. Tell the admin instead.
        TryExtract(secret, out var key) ? key : throw new InvalidOperationException(
            $"Secret {Namespace}/{Name} has no data key '{DataKey}' of at least {KeyLength} bytes; delete it to let Syncer create a new one.");

    private static bool TryExtract(V1Secret secret, out byte[] key)
    {
        key = [];
        if (secret.Data is null || !secret.Data.TryGetValue(DataKey, out var value) || value is null || value.Length < KeyLength)
        {
            return false;
        }

        key = value;
        return true;
    }
}
