using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Mounts;

/// <summary>
/// Enabling and disabling secrets engines, shared by sys/mounts and the seeding hooks. Enable checks in the order
/// V:vault/logical_system.go handleMount and V:vault/mount.go mount do: TTLs, type, KV aliases and versions, protected
/// paths, singleton types, path conflicts, the plugin catalog. Every refusal is a 400 with Vault's text (handleError
/// turns even the 403/409 coded errors into 400s).
/// </summary>
internal static class Mounting
{
    /// <summary>Paths no secrets engine may be mounted at or under (V:vault/mount.go protectedMounts).</summary>
    public static readonly string[] ProtectedPaths = ["audit/", "auth/", "sys/", "cubbyhole/", "identity/"];

    /// <summary>The new entry (already in the table), or the error message.</summary>
    public static (MountEntry? Entry, string? Error) Enable(MountTable table, MountRequest request)
    {
        if (request.MaxLeaseTtl > TimeSpan.Zero && request.DefaultLeaseTtl > request.MaxLeaseTtl)
        {
            return (null, "given default lease TTL greater than given max lease TTL");
        }

        if (request.DefaultLeaseTtl > MountEntry.SystemLeaseTtl && request.MaxLeaseTtl == TimeSpan.Zero)
        {
            return (null, $"given default lease TTL greater than system max lease TTL of {MountTtl.Seconds(MountEntry.SystemLeaseTtl)}");
        }

        var (type, options, error) = ResolveType(request);
        if (error is not null)
        {
            return (null, error);
        }

        var path = request.Path.Trim('/') + "/";
        if (ProtectedPaths.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
        {
            return (null, $"cannot mount {GoQuote.Quote(path)}");
        }

        if (MountTypes.IsSingleton(type))
        {
            return (null, $"mount type of {GoQuote.Quote(type)} is not mountable");
        }

        if (table.Conflict(path) is { } inUse)
        {
            return (null, $"path is already in use at {inUse}");
        }

        if (!MountTypes.IsInCatalog(type))
        {
            return (null, $"plugin not found in the catalog: {type}");
        }

        if (type == "kv" && options.GetValueOrDefault("version") is not (null or "" or "1" or "2"))
        {
            // The KV plugin's Factory returns no backend for another version (vault-plugin-secrets-kv backend.go).
            return (null, $"nil backend of type {GoQuote.Quote(type)} returned from creation function");
        }

        var entry = new MountEntry(path.TrimEnd('/'), type, MountTypes.CreateEngine(type, options))
        {
            Description = request.Description,
            Options = options,
            DefaultLeaseTtl = request.DefaultLeaseTtl,
            MaxLeaseTtl = request.MaxLeaseTtl,
            ForceNoCache = request.ForceNoCache,
            Local = request.Local,
            SealWrap = request.SealWrap,
            ExternalEntropyAccess = request.ExternalEntropyAccess,
        };
        table.Put(entry);
        return (entry, null);
    }

    /// <summary>
    /// handleUnmount: only an exact mount path is disabled, and nothing mounted there is a success too ("to not expose
    /// if the mount existed"); sys/, cubbyhole/ and identity/ cannot be. The mount's data goes with it.
    /// </summary>
    public static string? Disable(MountTable table, string path)
    {
        path = path.Trim('/');
        if (table.Exact(path) is null)
        {
            return null;
        }

        if (ProtectedPaths.Any(p => (path + "/").StartsWith(p, StringComparison.Ordinal)))
        {
            return $"cannot unmount {GoQuote.Quote(path + "/")}";
        }

        table.Remove(path);
        return null;
    }

    /// <summary>"plugin" takes plugin_name; kv-v1 and kv-v2 are kv with options.version; other types may not set a version.</summary>
    private static (string Type, Dictionary<string, string> Options, string? Error) ResolveType(MountRequest request)
    {
        var options = new Dictionary<string, string>(request.Options, StringComparer.Ordinal);
        var type = request.Type;
        if (type.Length == 0)
        {
            return (type, options, "backend type must be specified as a string");
        }

        if (type == "plugin")
        {
            if (request.PluginName.Length == 0)
            {
                return (type, options, "plugin_name must be provided for plugin backend");
            }

            type = request.PluginName;
        }

        switch (type)
        {
            case "kv":
                break;
            case "kv-v1" or "kv-v2":
                options["version"] = type == "kv-v2" ? "2" : "1";
                type = "kv";
                break;
            default:
                if (options.GetValueOrDefault("version") is { Length: > 0 })
                {
                    return (type, options, $"secrets engine {GoQuote.Quote(type)} does not allow setting a version");
                }

                break;
        }

        return (type, options, null);
    }
}
