using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Mounts;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Engines;

/// <summary>
/// transit/ (V:builtin/logical/transit path_keys.go): keys/&lt;name&gt; reads a key's metadata (404 {"errors":[]}
/// when there is none) and a write creates an aes256-gcm96 key and answers its metadata. No key material, no
/// encrypt/decrypt, no other key types, no key deletion.
/// </summary>
internal sealed class TransitEngine : ISecretsEngine
{
    private const string KeyType = "aes256-gcm96";

    private readonly SortedDictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);

    public bool Exists(string rest, VaultToken token) => true;

    public VaultResponse Handle(VaultState state, VaultRequest request, MountEntry mount, string rest, VaultToken token)
    {
        var (head, name) = EnginePaths.Split(rest);
        if (head != "keys" || (name.Length > 0 && !EnginePaths.IsGenericName(name)))
        {
            return BackendErrors.UnsupportedPath();
        }

        return (name.Length, request.Operation) switch
        {
            (0, VaultOperation.List) => _keys.Count == 0
                ? VaultResponse.Errors(StatusCodes.Status404NotFound)
                : VaultResponse.Envelope(new JsonObject { ["keys"] = VaultJson.Array(_keys.Keys) }, "transit"),
            (> 0, VaultOperation.Read) => _keys.TryGetValue(name, out var created)
                ? VaultResponse.Envelope(KeyData(name, created), "transit")
                : VaultResponse.Errors(StatusCodes.Status404NotFound),
            (> 0, VaultOperation.Write) => Create(state, request, name),
            _ => BackendErrors.UnsupportedOperation(),
        };
    }

    /// <summary>pathPolicyWrite: the key's metadata, with the warning "key x already existed" when it did.</summary>
    private VaultResponse Create(VaultState state, VaultRequest request, string name)
    {
        var type = request.Body["type"] is { } t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : KeyType;
        if (type != KeyType)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, $"the Vault double models only {KeyType} transit keys, not {type}");
        }

        var existed = _keys.ContainsKey(name);
        var created = existed ? _keys[name] : state.Now;
        _keys[name] = created;
        return VaultResponse.Envelope(KeyData(name, created), "transit", warnings: existed ? [$"key {name} already existed"] : null);
    }

    /// <summary>formatKeyPolicy for a fresh symmetric key: one version, keys {"1": creation time in unix seconds}.</summary>
    private static JsonObject KeyData(string name, DateTimeOffset created) => VaultJson.SortedObject(
        ("allow_plaintext_backup", false),
        ("auto_rotate_period", 0),
        ("deletion_allowed", false),
        ("derived", false),
        ("exportable", false),
        ("imported_key", false),
        ("keys", new JsonObject { ["1"] = created.ToUnixTimeSeconds() }),
        ("latest_version", 1),
        ("min_available_version", 0),
        ("min_decryption_version", 1),
        ("min_encryption_version", 0),
        ("name", name),
        ("supports_decryption", true),
        ("supports_derivation", true),
        ("supports_encryption", true),
        ("supports_signing", false),
        ("type", KeyType));
}
