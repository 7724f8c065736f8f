using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Mounts;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Engines;

/// <summary>
/// pki/ with no issuer, as a freshly enabled PKI mount is (V:builtin/logical/pki path_fetch.go): cert/ca and
/// cert/ca_chain answer 400 "no default issuer currently configured"; the raw CA paths answer 204 with no body;
/// cert/&lt;serial&gt; and roles/&lt;name&gt; 404 {"errors":[]}; the lists 404. No issuer can be created.
/// </summary>
internal sealed class PkiEngine : ISecretsEngine
{
    public static readonly PkiEngine Instance = new();

    private static readonly Dictionary<string, string> RawCaPaths = new(StringComparer.Ordinal)
    {
        ["ca"] = "application/pkix-cert",
        ["ca/pem"] = "application/pem-certificate-chain",
        ["ca_chain"] = "application/pkix-cert",
        ["cert/ca/raw"] = "application/pkix-cert",
        ["cert/ca/raw/pem"] = "application/pem-certificate-chain",
    };

    private PkiEngine()
    {
    }

    public bool Exists(string rest, VaultToken token) => true;

    public VaultResponse Handle(VaultState state, VaultRequest request, MountEntry mount, string rest, VaultToken token)
    {
        var path = rest.TrimEnd('/');
        var (head, name) = EnginePaths.Split(path);
        var read = request.Operation == VaultOperation.Read;
        if (path is "cert/ca" or "cert/ca_chain")
        {
            return read ? VaultResponse.Errors(StatusCodes.Status400BadRequest, "no default issuer currently configured") : BackendErrors.UnsupportedOperation();
        }

        if (RawCaPaths.TryGetValue(path, out var contentType))
        {
            return read ? VaultResponse.Raw(StatusCodes.Status204NoContent, "", contentType) : BackendErrors.UnsupportedOperation();
        }

        bool? known = (head, name) switch
        {
            ("certs" or "roles", "") => request.Operation == VaultOperation.List,
            ("cert", _) when name.Length > 0 && name.All(c => char.IsAsciiHexDigit(c) || c is '-' or ':') => read,
            ("roles", _) when EnginePaths.IsGenericName(name) => read,
            _ => null,
        };
        return known switch
        {
            null => BackendErrors.UnsupportedPath(),
            true => VaultResponse.Errors(StatusCodes.Status404NotFound),
            false => BackendErrors.UnsupportedOperation(),
        };
    }
}
