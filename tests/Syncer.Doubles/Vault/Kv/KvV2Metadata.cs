using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Kv;

/// <summary>KV v2 metadata, list and config endpoints (KVP:path_metadata.go, path_config.go).</summary>
internal static class KvV2Metadata
{
    public static VaultResponse Read(KvMount mount, string key)
    {
        if (!mount.Secrets.TryGetValue(key, out var secret))
        {
            return VaultResponse.Errors(StatusCodes.Status404NotFound);
        }

        var versions = new JsonObject(secret.Versions
            .OrderBy(v => v.Key.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .Select(v => KeyValuePair.Create(v.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)VaultJson.SortedObject(
                ("created_time", VaultJson.Time(v.Value.CreatedTime)),
                ("deletion_time", VaultJson.TimeOrEmpty(v.Value.DeletionTime)),
                ("destroyed", v.Value.Destroyed)))));
        return VaultResponse.Envelope(VaultJson.SortedObject(
            ("cas_required", secret.CasRequired),
            ("created_time", VaultJson.Time(secret.CreatedTime)),
            ("current_version", secret.CurrentVersion),
            ("custom_metadata", VaultJson.StringMap(secret.CustomMetadata)),
            ("delete_version_after", GoDuration.Format(secret.DeleteVersionAfter)),
            ("max_versions", secret.MaxVersions),
            ("oldest_version", secret.OldestVersion),
            ("updated_time", VaultJson.Time(secret.UpdatedTime)),
            ("versions", versions)), "kv");
    }

    /// <summary>POST metadata/&lt;key&gt;: max_versions, cas_required, delete_version_after, custom_metadata; creates the key's metadata.</summary>
    public static VaultResponse Write(VaultState state, VaultRequest request, KvMount mount, string key)
    {
        var body = request.Body;
        if (!GoDuration.TryParse(body["delete_version_after"], out var deleteAfter))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "error converting input for field \"delete_version_after\"");
        }

        if (!mount.Secrets.TryGetValue(key, out var secret))
        {
            secret = new KvSecret { CreatedTime = state.Now, UpdatedTime = state.Now };
            mount.Secrets[key] = secret;
        }

        if (body["max_versions"] is JsonValue max && max.TryGetValue<int>(out var maxVersions))
        {
            secret.MaxVersions = maxVersions;
        }

        if (body["cas_required"] is { } cas && cas.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            secret.CasRequired = cas.GetValue<bool>();
        }

        if (body.ContainsKey("delete_version_after"))
        {
            secret.DeleteVersionAfter = deleteAfter;
        }

        if (body["custom_metadata"] is JsonObject custom)
        {
            secret.CustomMetadata = custom.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "", StringComparer.Ordinal);
        }

        secret.UpdatedTime = state.Now;
        return VaultResponse.NoContent();
    }

    public static VaultResponse Delete(KvMount mount, string key)
    {
        mount.Secrets.Remove(key);
        return VaultResponse.NoContent();
    }

    /// <summary>Keys under a folder; an empty folder or a leaf gives 404 {"errors":[]} (DOCS index.mdx).</summary>
    public static VaultResponse List(KvMount mount, string folder)
    {
        var keys = mount.List(folder);
        return keys.Count == 0
            ? VaultResponse.Errors(StatusCodes.Status404NotFound)
            : VaultResponse.Envelope(new JsonObject { ["keys"] = VaultJson.Array(keys) }, "kv");
    }

    public static VaultResponse Config(VaultRequest request, KvMount mount)
    {
        switch (request.Operation)
        {
            case VaultOperation.Read:
                return VaultResponse.Envelope(VaultJson.SortedObject(
                    ("cas_required", mount.CasRequired),
                    ("delete_version_after", GoDuration.Format(mount.DeleteVersionAfter)),
                    ("max_versions", mount.MaxVersions)), "kv");
            case VaultOperation.Write:
                if (!GoDuration.TryParse(request.Body["delete_version_after"], out var deleteAfter))
                {
                    return VaultResponse.Errors(StatusCodes.Status400BadRequest, "error converting input for field \"delete_version_after\"");
                }

                if (request.Body["max_versions"] is JsonValue max && max.TryGetValue<int>(out var maxVersions))
                {
                    mount.MaxVersions = maxVersions;
                }

                if (request.Body["cas_required"] is { } cas && cas.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    mount.CasRequired = cas.GetValue<bool>();
                }

                if (request.Body.ContainsKey("delete_version_after"))
                {
                    mount.DeleteVersionAfter = deleteAfter;
                }

                return VaultResponse.NoContent();
            default:
                return BackendErrors.UnsupportedOperation();
        }
    }
}
