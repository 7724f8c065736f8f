using System.Text.Json.Nodes;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Mounts;

/// <summary>How Vault shows a mount entry: sys/mounts, sys/mounts/&lt;path&gt;, its tune endpoint and sys/internal/ui/mounts.</summary>
internal static class MountJson
{
    /// <summary>
    /// V:vault/logical_system.go mountInfo: the entry with its own config (TTLs in seconds, 0 = the system's),
    /// deprecation_status only for catalog builtins. Keys sorted as Go marshals the map. sys/internal/ui/mounts adds
    /// the mount's path ("secret/") with <paramref name="withPath"/>.
    /// </summary>
    public static JsonObject Info(MountEntry mount, bool withPath = false)
    {
        var config = new List<(string, JsonNode?)>
        {
            ("default_lease_ttl", MountTtl.Seconds(mount.DefaultLeaseTtl)),
            ("force_no_cache", mount.ForceNoCache),
            ("max_lease_ttl", MountTtl.Seconds(mount.MaxLeaseTtl)),
        };
        if (mount.PassthroughRequestHeaders.Count > 0)
        {
            config.Add(("passthrough_request_headers", VaultJson.Array(mount.PassthroughRequestHeaders)));
        }

        var fields = new List<(string, JsonNode?)>
        {
            ("accessor", mount.Accessor),
            ("config", VaultJson.SortedObject([.. config])),
            ("description", mount.Description),
            ("external_entropy_access", mount.ExternalEntropyAccess),
            ("local", mount.Local),
            ("options", VaultJson.StringMap(mount.Options)),
            ("plugin_version", ""),
            ("running_plugin_version", MountTypes.RunningPluginVersion(mount.Type)),
            ("running_sha256", ""),
            ("seal_wrap", mount.SealWrap),
            ("type", mount.Type),
            ("uuid", mount.Uuid),
        };
        if (MountTypes.DeprecationStatus(mount.Type) is { } status)
        {
            fields.Add(("deprecation_status", status));
        }

        if (withPath)
        {
            fields.Add(("path", mount.Path + "/"));
        }

        return VaultJson.SortedObject([.. fields]);
    }

    /// <summary>
    /// V:vault/logical_system.go handleTuneReadCommon: the effective TTLs (the mount's, else the system's 768h), the
    /// options only when there are some, external_entropy_access only when true.
    /// </summary>
    public static JsonObject Tune(MountEntry mount)
    {
        var fields = new List<(string, JsonNode?)>
        {
            ("default_lease_ttl", MountTtl.Seconds(mount.EffectiveDefaultTtl)),
            ("description", mount.Description),
            ("force_no_cache", mount.ForceNoCache),
            ("max_lease_ttl", MountTtl.Seconds(mount.EffectiveMaxTtl)),
        };
        if (mount.Options is { Count: > 0 })
        {
            fields.Add(("options", VaultJson.StringMap(mount.Options)));
        }

        if (mount.ExternalEntropyAccess)
        {
            fields.Add(("external_entropy_access", true));
        }

        if (mount.PassthroughRequestHeaders.Count > 0)
        {
            fields.Add(("passthrough_request_headers", VaultJson.Array(mount.PassthroughRequestHeaders)));
        }

        return VaultJson.SortedObject([.. fields]);
    }
}
