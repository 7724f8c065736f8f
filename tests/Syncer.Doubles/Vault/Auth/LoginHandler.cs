using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Auth;

/// <summary>
/// Unauthenticated logins: auth/&lt;mount&gt;/login for Kubernetes roles (vault-plugin-auth-kubernetes path_login.go)
/// and auth/approle/login (V:builtin/credential/approle path_login.go). Each returns an auth block with data null.
/// </summary>
internal static class LoginHandler
{
    /// <summary>
    /// Null when <paramref name="mount"/> is no auth mount the double knows (the caller answers "no handler"): "approle",
    /// "kubernetes" and every mount given to AddKubernetesRole are enabled.
    /// </summary>
    public static VaultResponse? Handle(VaultState state, VaultRequest request, string mount)
    {
        if (mount == "approle")
        {
            return AppRole(state, request);
        }

        return mount == "kubernetes" || state.KubernetesRoles.Keys.Any(k => k.Mount == mount) ? Kubernetes(state, request, mount) : null;
    }

    private static VaultResponse Kubernetes(VaultState state, VaultRequest request, string mount)
    {
        var role = request.Body["role"]?.ToString() ?? "";
        var jwt = request.Body["jwt"]?.ToString() ?? "";
        if (role.Length == 0)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "missing role");
        }

        if (jwt.Length == 0)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "missing jwt");
        }

        if (!state.KubernetesRoles.TryGetValue((mount, role), out var entry))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, $"invalid role name {GoQuote.Quote(role)}");
        }

        if (!string.Equals(entry.Jwt, jwt, StringComparison.Ordinal))
        {
            return VaultResponse.Errors(StatusCodes.Status403Forbidden, "permission denied");
        }

        return IssueKubernetes(state, entry.Issued, mount, role, ServiceAccountClaims.Read(jwt));
    }

    /// <summary>The token of a successful Kubernetes login, its metadata the account's (path_login.go Auth.Metadata).</summary>
    public static VaultResponse IssueKubernetes(VaultState state, TokenSpec issued, string mount, string role, ServiceAccountClaims account)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["role"] = role,
            ["service_account_name"] = account.Name,
            ["service_account_namespace"] = account.Namespace,
            ["service_account_secret_name"] = "",
            ["service_account_uid"] = account.Uid,
        };
        return Issue(state, issued, $"auth/{mount}/login", $"{mount}-{account.Namespace}-{account.Name}", meta, "kubernetes");
    }

    private static VaultResponse AppRole(VaultState state, VaultRequest request)
    {
        var roleId = request.Body["role_id"]?.ToString() ?? "";
        var secretId = request.Body["secret_id"]?.ToString() ?? "";
        if (roleId.Length == 0)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "missing role_id");
        }

        if (!state.AppRoles.TryGetValue(roleId, out var entry))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "invalid role or secret ID");
        }

        if (secretId.Length == 0)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "missing secret_id");
        }

        if (!string.Equals(entry.SecretId, secretId, StringComparison.Ordinal))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "invalid role or secret ID");
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal) { ["role_name"] = roleId };
        return Issue(state, entry.Issued, "auth/approle/login", "approle", meta, "approle");
    }

    private static VaultResponse Issue(VaultState state, TokenSpec spec, string path, string displayName,
        Dictionary<string, string> meta, string mountType)
    {
        var token = state.Tokens.Mint(spec, state.Now, path, displayName, meta, orphan: true, entityId: Guid.NewGuid().ToString());
        state.SuccessfulLogins++;
        return VaultResponse.Envelope(null, mountType, auth: AuthBlock.For(token, (long)token.CreationTtl.TotalSeconds));
    }
}
