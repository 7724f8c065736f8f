using System.Net;

namespace Syncer.Vault;

/// <summary>
/// A non-success answer from Vault (VaultSharp <c>VaultApiException</c>). The message names the operation, the path
/// and Vault's own error strings; it never holds a secret value or a token.
/// </summary>
internal class VaultApiException(HttpStatusCode statusCode, string message, IReadOnlyList<string> apiErrors, IReadOnlyList<string> apiWarnings, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode HttpStatusCode { get; } = statusCode;
    public int StatusCode => (int)HttpStatusCode;
    public IReadOnlyList<string> ApiErrors { get; } = apiErrors;
    public IReadOnlyList<string> ApiWarnings { get; } = apiWarnings;
}

/// <summary>404 <c>{"errors":[]}</c>: the path was never written, or the version does not exist.</summary>
internal sealed class VaultSecretNotFoundException(string message, IReadOnlyList<string> warnings)
    : VaultApiException(HttpStatusCode.NotFound, message, [], warnings);

/// <summary>404 carrying the envelope: the version is soft-deleted or destroyed; <see cref="Metadata"/> says which.</summary>
internal sealed class VaultSecretDeletedException(string message, CurrentSecretMetadata metadata)
    : VaultApiException(HttpStatusCode.NotFound, message, [], [])
{
    public CurrentSecretMetadata Metadata { get; } = metadata;
    public bool Destroyed => Metadata.Destroyed;
}

/// <summary>404 "no handler for route", or a v1 path on a v2 mount: misconfiguration, not a missing secret.</summary>
internal sealed class VaultRouteNotFoundException(string message, IReadOnlyList<string> errors, IReadOnlyList<string> warnings)
    : VaultApiException(HttpStatusCode.NotFound, message, errors, warnings);

/// <summary>403 that a fresh login did not cure: the policy denies the path.</summary>
internal sealed class VaultForbiddenException(string message, IReadOnlyList<string> errors)
    : VaultApiException(HttpStatusCode.Forbidden, message, errors, []);

/// <summary>503 "Vault is sealed", after the bounded retries.</summary>
internal sealed class VaultSealedException(string message, IReadOnlyList<string> errors)
    : VaultApiException(HttpStatusCode.ServiceUnavailable, message, errors, []);

/// <summary>Vault could not be reached (connection refused, DNS, TLS, timeout) after the bounded retries.</summary>
internal sealed class VaultUnavailableException(string message, Exception? inner)
    : VaultApiException(0, message, [], [], inner);

/// <summary>A version was asked of a path on a KV v1 mount, which has none: the caller's input is wrong, not Vault.</summary>
internal sealed class VaultVersionNotSupportedException(string message)
    : VaultApiException(HttpStatusCode.BadRequest, message, [], []);
