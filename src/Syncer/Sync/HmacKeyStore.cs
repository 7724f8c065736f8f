using System.Security.Cryptography;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Kubernetes;

namespace Syncer.Sync;

/// <summary>
/// The key of <c>syncer.io/data-hash</c>: read from a Secret in Syncer's own namespace, created once with 32 random
/// bytes when absent, so hashes survive restarts and every replica uses the same key. Two replicas creating it at
/// once: the loser gets 409 AlreadyExists and reads the winner's key. Loaded once per process.
/// </summary>
internal sealed class HmacKeyStore(SecretClient secrets, IOptions<SyncOptions> options, ILogger<HmacKeyStore> logger) : IDisposable
{
    public const string DataKey = "key";
    public const int KeyLength = 32;

    private readonly SyncOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

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

    public void Dispose() => _gate.Dispose();

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        var (ns, name) = (_options.Namespace ?? OwnNamespace.Default, _options.HmacKeySecretName);
        var existing = await secrets.GetAsync(ns, name, cancellationToken);
        if (existing is not null)
        {
            Log.HmacKeyLoaded(logger, ns, name);
            return Extract(existing, ns, name);
        }

        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "syncer" },
            },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { [DataKey] = RandomNumberGenerator.GetBytes(KeyLength) },
        };
        try
        {
            var created = await secrets.CreateAsync(secret, cancellationToken);
            Log.HmacKeyCreated(logger, ns, name);
            return Extract(created, ns, name);
        }
        catch (Exception ex) when (SecretClient.IsConflict(ex))
        {
            // Another replica created it between our GET and POST: use theirs.
            Log.HmacKeyCreateRace(logger, ns, name);
            var winner = await secrets.GetAsync(ns, name, cancellationToken)
                ?? throw new InvalidOperationException($"Secret {ns}/{name} was reported as existing but cannot be read.");
            return Extract(winner, ns, name);
        }
    }

    private static byte[] Extract(V1Secret secret, string ns, string name)
    {
        // Never overwrite a bad key: that would silently change every data-hash. Tell the admin instead.
        if (secret.Data is null || !secret.Data.TryGetValue(DataKey, out var key) || key is null || key.Length < KeyLength)
        {
            throw new InvalidOperationException(
                $"Secret {ns}/{name} has no data key '{DataKey}' of at least {KeyLength} bytes; delete it to let Syncer create a new one.");
        }

        return key;
    }
}
