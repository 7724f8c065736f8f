using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Sys;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault;

/// <summary>
/// Decides who answers a parsed request: unauthenticated endpoints first, then the token check, the ACL check and
/// the engine of the mount the path falls under (sys/ included). Runs under the state lock.
/// </summary>
internal static class VaultRouter
{
    public const string MultiErrorPermissionDenied = "1 error occurred:\n\t* permission denied\n\n";

    public static VaultResponse Route(VaultState state, VaultRequest request)
    {
        var path = request.Path;
        if (!string.IsNullOrEmpty(request.Namespace))
        {
            state.SeenNamespaces.Add(request.Namespace);
        }

        if (path.TrimEnd('/') == "sys/health")
        {
            return SysHandler.Health(state, request);
        }

        if (request.Operation == VaultOperation.Head)
        {
            return VaultResponse.Errors(StatusCodes.Status405MethodNotAllowed);
        }

        var token = state.Tokens.Find(request.Token);
        var valid = token is not null && token.IsValid(state.Now);
        if (path == "sys/internal/ui/mounts" || path.StartsWith("sys/internal/ui/mounts/", StringComparison.Ordinal))
        {
            return SysHandler.MountOf(state, request, valid ? token : null);
        }

        var segments = path.TrimEnd('/').Split('/');
        if (segments is ["auth", var authMount, "login"] && authMount != "token")
        {
            var login = request.Operation == VaultOperation.Write ? LoginHandler.Handle(state, request, authMount) : null;
            return login ?? (request.Operation == VaultOperation.Write ? NoHandler(path) : BackendErrors.UnsupportedOperation());
        }

        if (string.IsNullOrEmpty(request.Token))
        {
            return PermissionDenied(state);
        }

        if (!valid)
        {
            return state.LegacyPermissionDenied
                ? VaultResponse.Errors(StatusCodes.Status403Forbidden, MultiErrorPermissionDenied)
                : VaultResponse.Errors(StatusCodes.Status403Forbidden, "permission denied", "invalid token");
        }

        if (path.StartsWith("auth/token/", StringComparison.Ordinal))
        {
            return TokenSelfHandler.Handle(state, request, token!);
        }

        if (segments is ["auth", var methodPath, .. var rest] && state.AuthMounts.TryGetValue(methodPath, out var method))
        {
            var exists = rest is ["config"] ? method.Config is not null : rest is ["role", var r] && method.Roles.ContainsKey(r);
            var capability = request.Operation switch
            {
                VaultOperation.Read => "read",
                VaultOperation.List => "list",
                VaultOperation.Delete => "delete",
                _ when exists => "update",
                _ => "create",
            };
            if (!state.Policies.Allows(token!.Policies, request.AclPath, capability))
            {
                return PermissionDenied(state);
            }

            return method.Type == "kubernetes" ? KubernetesAuthPaths.Handle(method, request, string.Join('/', rest)) : BackendErrors.UnsupportedPath();
        }

        return RouteMounted(state, request, token!);
    }

    private static VaultResponse RouteMounted(VaultState state, VaultRequest request, VaultToken token)
    {
        var found = state.Mounts.Find(request.Path);
        var capability = request.Operation switch
        {
            VaultOperation.Read => "read",
            VaultOperation.List => "list",
            VaultOperation.Delete => "delete",
            VaultOperation.Patch => "patch",
            _ when found is { } hit && hit.Mount.Engine.Exists(hit.Remainder, token) => "update",
            _ => "create",
        };
        if (!state.Policies.Allows(token.Policies, request.AclPath, capability))
        {
            return PermissionDenied(state);
        }

        if (found is not { } target)
        {
            return NoHandler(request.Path);
        }

        return target.Mount.Engine.Handle(state, request, target.Mount, target.Remainder, token);
    }

    /// <summary>The modern single-string form, or Go's multierror text when the legacy switch is on.</summary>
    private static VaultResponse PermissionDenied(VaultState state) =>
        VaultResponse.Errors(StatusCodes.Status403Forbidden, state.LegacyPermissionDenied ? MultiErrorPermissionDenied : "permission denied");

    /// <summary>V:vault/router.go: the route is quoted with Go's %q.</summary>
    public static VaultResponse NoHandler(string path) =>
        VaultResponse.Errors(StatusCodes.Status404NotFound, $"no handler for route {GoQuote.Quote(path)}. route entry not found.");
}
