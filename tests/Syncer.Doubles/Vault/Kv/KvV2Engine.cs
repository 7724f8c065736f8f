using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Kv;

/// <summary>Routes a request inside a KV v2 mount (KVP:backend.go paths) to its handler.</summary>
internal static class KvV2Engine
{
    public const string InvalidPathWarning = "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.";

    public const string RootWarning = "Non-listing operations on the root of a K/V v2 mount are not supported.";

    private static readonly string[] Prefixes = ["data", "metadata", "delete", "undelete", "destroy", "subkeys"];

    /// <summary>The ACL capability a write needs: create when the key's metadata is absent, else update (dataExistenceCheck).</summary>
    public static bool Exists(KvMount mount, string rest)
    {
        var (prefix, key) = Split(rest);
        return prefix is not ("data" or "metadata") || mount.Secrets.ContainsKey(key);
    }

    public static VaultResponse Handle(VaultState state, VaultRequest request, KvMount mount, string rest)
    {
        if (rest == "config")
        {
            return KvV2Metadata.Config(request, mount);
        }

        var (prefix, key) = Split(rest);
        if (prefix == "metadata" && request.Operation == VaultOperation.List)
        {
            return KvV2Metadata.List(mount, key);
        }

        if (prefix is null)
        {
            // The catch-all of KVP:backend.go invalidPaths: a 404 that carries the whole envelope and one warning.
            return VaultResponse.Envelope(null, "kv", StatusCodes.Status404NotFound, [InvalidPathWarning]);
        }

        if (key.Length == 0)
        {
            return VaultResponse.Envelope(null, "kv", StatusCodes.Status404NotFound, [RootWarning]);
        }

        return (prefix, request.Operation) switch
        {
            ("data", VaultOperation.Read) => KvV2Data.Read(state, request, mount, key),
            ("data", VaultOperation.Write) => KvV2Data.Write(state, request, mount, key),
            ("data", VaultOperation.Delete) => KvV2Data.DeleteLatest(state, mount, key),
            ("metadata", VaultOperation.Read) => KvV2Metadata.Read(mount, key),
            ("metadata", VaultOperation.Write) => KvV2Metadata.Write(state, request, mount, key),
            ("metadata", VaultOperation.Delete) => KvV2Metadata.Delete(mount, key),
            ("delete" or "undelete" or "destroy", VaultOperation.Write) => KvV2Data.ChangeVersions(state, request, mount, prefix, key),
            ("subkeys", _) => VaultResponse.Errors(StatusCodes.Status405MethodNotAllowed, "the Vault double does not implement subkeys"),
            _ => BackendErrors.UnsupportedOperation(),
        };
    }

    /// <summary>"data/shop/db" becomes ("data", "shop/db"); a path outside the v2 endpoints gives a null prefix.</summary>
    private static (string? Prefix, string Key) Split(string rest)
    {
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var head = slash < 0 ? rest : rest[..slash];
        if (!Prefixes.Contains(head, StringComparer.Ordinal))
        {
            return (null, rest);
        }

        return (head, slash < 0 ? "" : rest[(slash + 1)..].TrimEnd('/'));
    }
}
