using Microsoft.AspNetCore.Http;

namespace Syncer.Doubles.Vault.Wire;

/// <summary>
/// Errors a backend returns without a response: V:vault/request_handling.go handleRequest appends them to a Go
/// multierror, so the text is "1 error occurred:\n\t* unsupported path\n\n". (An error that comes with an error
/// response, logical.ErrorResponse, is answered with its plain text instead; see V:sdk/logical/response_util.go.)
/// </summary>
internal static class BackendErrors
{
    /// <summary>A path inside a mount that no path pattern of its engine matches (logical.ErrUnsupportedPath).</summary>
    public static VaultResponse UnsupportedPath() => MultiError(StatusCodes.Status404NotFound, "unsupported path");

    /// <summary>A path the engine has, with an operation it does not offer there (logical.ErrUnsupportedOperation).</summary>
    public static VaultResponse UnsupportedOperation() => MultiError(StatusCodes.Status405MethodNotAllowed, "unsupported operation");

    /// <summary>go-multierror's text for one error.</summary>
    public static string MultiErrorText(string message) => $"1 error occurred:\n\t* {message}\n\n";

    public static VaultResponse MultiError(int status, string message) => VaultResponse.Errors(status, MultiErrorText(message));
}
