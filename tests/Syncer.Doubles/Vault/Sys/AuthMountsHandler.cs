using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Sys;

/// <summary>
/// sys/auth (list) and sys/auth/&lt;path&gt; (enable, disable): what `vault auth list|enable|disable` call
/// (V:vault/logical_system.go handleAuthTable, handleEnableAuth, handleDisableAuth). token/ is always enabled. The
/// double models the kubernetes and approle types; another type answers 400 saying so.
/// </summary>
internal static class AuthMountsHandler
{
    private static readonly string[] Modelled = ["kubernetes", "approle"];

    public static VaultResponse Handle(VaultState state, VaultRequest request, string rest)
    {
        if (rest == "auth")
        {
            return request.Operation == VaultOperation.Read ? List(state) : BackendErrors.UnsupportedOperation();
        }

        var path = rest["auth/".Length..].Trim('/');
        if (path.Length == 0)
        {
            return BackendErrors.UnsupportedPath();
        }

        return request.Operation switch
        {
            VaultOperation.Write => Enable(state, request, path),
            VaultOperation.Delete => Disable(state, path),
            _ => BackendErrors.UnsupportedOperation(),
        };
    }

    private static VaultResponse Enable(VaultState state, VaultRequest request, string path)
    {
        var type = request.Body["type"]?.ToString() ?? "";
        if (type.Length == 0)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "backend type must be specified as a string");
        }

        if (path == "token" || state.AuthMounts.ContainsKey(path))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, $"path is already in use at {path}/");
        }

        if (!Modelled.Contains(type))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, $"the Vault double does not model auth method type \"{type}\" (kubernetes and approle only)");
        }

        state.AuthMounts[path] = new AuthMount(path, type, request.Body["description"]?.ToString() ?? "");
        return VaultResponse.NoContent();
    }

    private static VaultResponse Disable(VaultState state, string path)
    {
        if (path == "token")
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "token credential backend cannot be disabled");
        }

        state.AuthMounts.Remove(path);
        return VaultResponse.NoContent();
    }

    private static VaultResponse List(VaultState state)
    {
        var entries = new JsonObject { ["token/"] = Info("token", "token based credentials", "auth_token_double", "token-double") };
        foreach (var mount in state.AuthMounts.Values.OrderBy(m => m.Path, StringComparer.Ordinal))
        {
            entries[mount.Path + "/"] = Info(mount.Type, mount.Description, mount.Accessor, mount.Uuid);
        }

        return VaultResponse.InjectedEnvelope(entries, "system");
    }

    private static JsonObject Info(string type, string description, string accessor, string uuid) => VaultJson.SortedObject(
        ("accessor", accessor),
        ("config", VaultJson.SortedObject(("default_lease_ttl", 0), ("force_no_cache", false), ("max_lease_ttl", 0), ("token_type", "default-service"))),
        ("description", description),
        ("external_entropy_access", false),
        ("local", false),
        ("options", null),
        ("plugin_version", ""),
        ("running_plugin_version", type == "token" ? "" : $"v1.17.0+builtin"),
        ("running_sha256", ""),
        ("seal_wrap", false),
        ("type", type),
        ("uuid", uuid));
}
