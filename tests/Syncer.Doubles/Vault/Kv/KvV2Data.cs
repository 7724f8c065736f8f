using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Kv;

/// <summary>KV v2 data endpoints (KVP:path_data.go, path_delete.go, path_destroy.go).</summary>
internal static class KvV2Data
{
    public static VaultResponse Read(VaultState state, VaultRequest request, KvMount mount, string key)
    {
        var versionText = request.Query["version"].ToString();
        var requested = 0;
        if (versionText.Length > 0 && !int.TryParse(versionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out requested))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest,
                $"error converting input {versionText} for field \"version\"");
        }

        if (!mount.Secrets.TryGetValue(key, out var secret))
        {
            return VaultResponse.Errors(StatusCodes.Status404NotFound);
        }

        var number = requested <= 0 ? secret.CurrentVersion : requested;
        if (!secret.Versions.TryGetValue(number, out var version))
        {
            return VaultResponse.Errors(StatusCodes.Status404NotFound);
        }

        var metadata = KvV2Store.VersionMetadata(secret, version, number);
        if (version.IsDeleted(state.Now) || version.Destroyed)
        {
            // KVP:path_data.go RespondWithStatusCode(resp, req, 404): the whole envelope with null data.
            return VaultResponse.Envelope(new JsonObject { ["data"] = null, ["metadata"] = metadata }, "kv", StatusCodes.Status404NotFound);
        }

        return VaultResponse.Envelope(new JsonObject { ["data"] = version.Data!.DeepClone(), ["metadata"] = metadata }, "kv");
    }

    public static VaultResponse Write(VaultState state, VaultRequest request, KvMount mount, string key)
    {
        if (request.Body["data"] is not JsonObject data)
        {
            return request.Body["data"] is null
                ? VaultResponse.Errors(StatusCodes.Status400BadRequest, "no data provided")
                : VaultResponse.Errors(StatusCodes.Status400BadRequest, "error converting input for field \"data\": expected a map");
        }

        var existing = mount.Secrets.GetValueOrDefault(key);
        var casError = CheckAndSet(request.Body["options"] as JsonObject, mount, existing);
        if (casError is not null)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, casError);
        }

        var (secret, number) = KvV2Store.Write(mount, key, (JsonObject)data.DeepClone(), state.Now);
        return VaultResponse.Envelope(KvV2Store.VersionMetadata(secret, secret.Versions[number], number), "kv");
    }

    public static VaultResponse DeleteLatest(VaultState state, KvMount mount, string key)
    {
        if (mount.Secrets.TryGetValue(key, out var secret))
        {
            KvV2Store.Delete(mount, key, [secret.CurrentVersion], state.Now);
        }

        return VaultResponse.NoContent();
    }

    public static VaultResponse ChangeVersions(VaultState state, VaultRequest request, KvMount mount, string action, string key)
    {
        var versions = new List<int>();
        if (request.Body["versions"] is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is null || !TryWeakInt(item, out var n))
                {
                    return VaultResponse.Errors(StatusCodes.Status400BadRequest, "error converting input for field \"versions\"");
                }

                versions.Add(n);
            }
        }

        if (versions.Count == 0)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "no version number provided");
        }

        switch (action)
        {
            case "delete":
                KvV2Store.Delete(mount, key, versions, state.Now);
                break;
            case "undelete":
                KvV2Store.Undelete(mount, key, versions);
                break;
            default:
                KvV2Store.Destroy(mount, key, versions);
                break;
        }

        return VaultResponse.NoContent();
    }

    /// <summary>KVP:path_data.go validateCheckAndSetOption, with mapstructure.WeakDecode's leniency for the value.</summary>
    private static string? CheckAndSet(JsonObject? options, KvMount mount, KvSecret? existing)
    {
        if (options is not null && options.TryGetPropertyValue("cas", out var cas))
        {
            var expected = 0;
            if (cas is not null && !TryWeakInt(cas, out expected))
            {
                return "error parsing check-and-set parameter";
            }

            return expected != (existing?.CurrentVersion ?? 0) ? "check-and-set parameter did not match the current version" : null;
        }

        return mount.CasRequired || existing?.CasRequired == true ? "check-and-set parameter required for this call" : null;
    }

    private static bool TryWeakInt(JsonNode node, out int value)
    {
        value = 0;
        switch (node.GetValueKind())
        {
            case JsonValueKind.Number:
                value = (int)node.GetValue<double>();
                return true;
            case JsonValueKind.String:
                var text = node.GetValue<string>();
                return text.Length == 0 || int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
            case JsonValueKind.True or JsonValueKind.False:
                value = node.GetValue<bool>() ? 1 : 0;
                return true;
            default:
                return false;
        }
    }
}
