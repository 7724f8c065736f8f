using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Mounts;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Sys;

/// <summary>
/// sys/mounts (list), sys/mounts/&lt;path&gt; (read, enable, disable) and, through <see cref="MountTuneHandler"/>,
/// sys/mounts/&lt;path&gt;/tune: what `vault secrets list|enable|disable|tune` call (V:vault/logical_system.go
/// handleMountTable, handleReadMount, handleMount, handleUnmount). Answers with data carry it at the top level too.
/// </summary>
internal static class MountsHandler
{
    private const string TuneSuffix = "/tune";

    public static VaultResponse Handle(VaultState state, VaultRequest request, string rest)
    {
        if (rest == "mounts")
        {
            return request.Operation == VaultOperation.Read ? List(state) : BackendErrors.UnsupportedOperation();
        }

        var path = rest["mounts/".Length..];
        if (path.Trim('/').Length == 0)
        {
            return BackendErrors.UnsupportedPath();
        }

        // The pattern mounts/(?P<path>.+?)/tune$ wins over mounts/(?P<path>.+?).
        if (path.Length > TuneSuffix.Length && path.EndsWith(TuneSuffix, StringComparison.Ordinal))
        {
            return MountTuneHandler.Handle(state, request, path[..^TuneSuffix.Length].Trim('/'));
        }

        var mountPath = path.Trim('/');
        return request.Operation switch
        {
            VaultOperation.Read => Read(state, mountPath),
            VaultOperation.Write => Enable(state, request, mountPath),
            VaultOperation.Delete => Mounting.Disable(state.Mounts, mountPath) is { } error
                ? VaultResponse.Errors(StatusCodes.Status400BadRequest, error)
                : VaultResponse.NoContent(),
            _ => BackendErrors.UnsupportedOperation(),
        };
    }

    private static VaultResponse List(VaultState state) => VaultResponse.InjectedEnvelope(
        new JsonObject(state.Mounts.Entries
            .OrderBy(m => m.Path, StringComparer.Ordinal)
            .Select(m => KeyValuePair.Create(m.Path + "/", (JsonNode?)MountJson.Info(m)))),
        "system");

    /// <summary>The mount the path falls under (longest prefix), as the router's MatchingMountEntry finds it.</summary>
    private static VaultResponse Read(VaultState state, string path) =>
        state.Mounts.Find(path) is { } hit
            ? VaultResponse.InjectedEnvelope(MountJson.Info(hit.Mount), "system")
            : VaultResponse.Errors(StatusCodes.Status400BadRequest, $"No secret engine mount at {path}/");

    private static VaultResponse Enable(VaultState state, VaultRequest request, string path)
    {
        var (mount, error) = MountRequest.Parse(path, request.Body);
        if (mount is not null)
        {
            (_, error) = Mounting.Enable(state.Mounts, mount);
        }

        return error is null ? VaultResponse.NoContent() : VaultResponse.Errors(StatusCodes.Status400BadRequest, error);
    }
}
