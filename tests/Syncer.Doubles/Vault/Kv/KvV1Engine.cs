using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Kv;

/// <summary>KV v1, the passthrough backend (V:builtin/logical/kv passthrough.go; DOCS secret/kv/kv-v1.mdx).</summary>
internal static class KvV1Engine
{
    /// <summary><paramref name="defaultTtl"/>: the mount's effective default lease TTL, reported when the data has no "ttl".</summary>
    public static VaultResponse Handle(VaultRequest request, KvMount mount, string key, TimeSpan defaultTtl)
    {
        key = request.Operation == VaultOperation.List ? key : key.TrimEnd('/');
        switch (request.Operation)
        {
            case VaultOperation.List:
                var keys = mount.List(key);
                return keys.Count == 0
                    ? VaultResponse.Errors(StatusCodes.Status404NotFound)
                    : VaultResponse.Envelope(new JsonObject { ["keys"] = VaultJson.Array(keys) }, "kv");
            case VaultOperation.Read when key.Length > 0:
                return Read(mount, key, defaultTtl);
            case VaultOperation.Write when key.Length > 0:
                if (request.Body.Count == 0)
                {
                    return VaultResponse.Errors(StatusCodes.Status400BadRequest, "missing data fields");
                }

                mount.Flat[key] = (JsonObject)request.Body.DeepClone();
                return VaultResponse.NoContent();
            case VaultOperation.Delete when key.Length > 0:
                mount.Flat.Remove(key);
                return VaultResponse.NoContent();
            default:
                return BackendErrors.UnsupportedOperation();
        }
    }

    private static VaultResponse Read(KvMount mount, string key, TimeSpan defaultTtl)
    {
        if (!mount.Flat.TryGetValue(key, out var data))
        {
            return VaultResponse.Errors(StatusCodes.Status404NotFound);
        }

        // The lease is advisory: lease_duration from a "ttl" (or "lease") key, no lease_id, not renewable.
        var ttl = defaultTtl;
        var raw = data["ttl"] ?? data["lease"];
        if (raw is not null && GoDuration.TryParse(raw, out var parsed))
        {
            ttl = parsed;
        }

        return VaultResponse.Envelope(data.DeepClone(), "kv", leaseDuration: (long)ttl.TotalSeconds);
    }
}
