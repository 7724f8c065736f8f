using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Kv;
using Syncer.Doubles.Vault.Mounts;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Engines;

/// <summary>
/// cubbyhole/: flat data private to each token (V:vault/logical_cubbyhole.go). Its errors come without a response,
/// so they are 500s in the multierror form ("missing data fields", "missing path").
/// </summary>
internal sealed class CubbyholeEngine : ISecretsEngine
{
    private readonly Dictionary<string, KvMount> _byToken = new(StringComparer.Ordinal);

    public bool Exists(string rest, VaultToken token) =>
        _byToken.TryGetValue(token.Id, out var store) && store.Flat.ContainsKey(rest.TrimEnd('/'));

    public VaultResponse Handle(VaultState state, VaultRequest request, MountEntry mount, string rest, VaultToken token)
    {
        var store = _byToken.GetValueOrDefault(token.Id);
        var key = rest.TrimEnd('/');
        switch (request.Operation)
        {
            case VaultOperation.List:
                var keys = store?.List(rest) ?? [];
                return keys.Count == 0
                    ? VaultResponse.Errors(StatusCodes.Status404NotFound)
                    : VaultResponse.Envelope(new JsonObject { ["keys"] = VaultJson.Array(keys) }, "cubbyhole");
            case VaultOperation.Write when request.Body.Count == 0:
                return BackendErrors.MultiError(StatusCodes.Status500InternalServerError, "missing data fields");
            case VaultOperation.Read or VaultOperation.Write or VaultOperation.Delete when key.Length == 0:
                return BackendErrors.MultiError(StatusCodes.Status500InternalServerError, "missing path");
            case VaultOperation.Read:
                return store?.Flat.GetValueOrDefault(key) is { } data
                    ? VaultResponse.Envelope(data.DeepClone(), "cubbyhole")
                    : VaultResponse.Errors(StatusCodes.Status404NotFound);
            case VaultOperation.Write:
                if (store is null)
                {
                    store = new KvMount(1);
                    _byToken[token.Id] = store;
                }

                store.Flat[key] = (JsonObject)request.Body.DeepClone();
                return VaultResponse.NoContent();
            case VaultOperation.Delete:
                store?.Flat.Remove(key);
                return VaultResponse.NoContent();
            default:
                return BackendErrors.UnsupportedOperation();
        }
    }
}
