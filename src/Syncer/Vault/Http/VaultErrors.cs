using System.Net;
using System.Text.Json;

namespace Syncer.Vault.Http;

/// <summary>
/// Turns a non-success <see cref="VaultResponse"/> into the typed <see cref="VaultApiException"/> that tells missing,
/// deleted, unmounted, forbidden and sealed apart (vault-api.md §0, §1.3, §1.6). Messages hold the operation, the path,
/// the status and Vault's own error strings, never a body's data nor any text of a body that is not Vault's JSON.
/// </summary>
internal static class VaultErrors
{
    private const string NoHandler = "no handler for route";
    private const string VersionedWarning = "Invalid path for a versioned K/V secrets engine";

    public static VaultApiException ToException(VaultRequest request, VaultResponse response)
    {
        var body = VaultErrorBody.Parse(response.Body);
        var errors = body.Errors ?? [];
        var warnings = body.Warnings ?? [];
        var where = $"Vault {request.Operation} of '{request.Path}'";

        switch (response.StatusCode)
        {
            case 404 when errors.Any(e => e.Contains(NoHandler, StringComparison.Ordinal)):
                return new VaultRouteNotFoundException($"{where}: no such route; check the mount and its KV version ({body.Describe()}).", errors, warnings);
            case 404 when warnings.Any(w => w.Contains(VersionedWarning, StringComparison.Ordinal)):
                return new VaultRouteNotFoundException($"{where}: a KV v1 path on a KV v2 mount.", errors, warnings);
            case 404 when DeletedMetadata(body) is { } metadata:
                return new VaultSecretDeletedException(
                    $"{where}: version {metadata.Version} is {(metadata.Destroyed ? "destroyed" : "deleted")}.", metadata);
            case 404:
                return new VaultSecretNotFoundException($"{where}: not found.", warnings);
            case 403:
                return new VaultForbiddenException($"{where}: permission denied ({body.Describe()}).", errors);
            case 503 when errors.Any(e => e.Contains("sealed", StringComparison.OrdinalIgnoreCase)):
                return new VaultSealedException($"{where}: Vault is sealed.", errors);
            default:
                return new VaultApiException((HttpStatusCode)response.StatusCode, $"{where} failed with HTTP {response.StatusCode} ({body.Describe()}).", errors, warnings);
        }
    }

    private static CurrentSecretMetadata? DeletedMetadata(VaultErrorBody body)
    {
        if (body.Data is not { ValueKind: JsonValueKind.Object } data ||
            !data.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object ||
            (data.TryGetProperty("data", out var inner) && inner.ValueKind != JsonValueKind.Null))
        {
            return null;
        }

        return metadata.Deserialize(VaultJson.TypeInfo<CurrentSecretMetadata>());
    }
}
