using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Auth;

/// <summary>
/// auth/&lt;mount&gt;/login for a role written through auth/&lt;mount&gt;/role (vault-plugin-auth-kubernetes
/// path_login.go): the JWT's claims are read unverified and checked (issuer when configured, the role's audience,
/// exp/nbf/iat with go-jose's 60 s leeway, the bound names and namespaces, each 403 with the plugin's message), then
/// the API server reviews it (TokenReview: signature, expiry, audience, the account still existing) with the
/// config's reviewer token, else the local one of a Vault in a pod, else the JWT itself; a refused review is 403
/// "permission denied". The review runs outside the state lock. Roles given to AddKubernetesRole keep their
/// one-JWT match (<see cref="LoginHandler"/>).
/// </summary>
internal sealed class KubernetesLogin(VaultState state) : IDisposable
{
    private static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);
    private readonly TokenReviewer _reviewer = new();

    /// <summary>Null when the request is no login to a role of an enabled kubernetes method (the router answers it).</summary>
    public async Task<VaultResponse?> TryHandleAsync(VaultRequest request, CancellationToken ct)
    {
        if (request.Operation != VaultOperation.Write || request.Path.TrimEnd('/').Split('/') is not ["auth", var mountPath, "login"])
        {
            return null;
        }

        var roleName = request.Body["role"]?.ToString() ?? "";
        var jwt = request.Body["jwt"]?.ToString() ?? "";
        KubernetesAuthRole? role;
        KubernetesAuthConfig? config;
        LocalServiceAccount? local;
        lock (state.Gate)
        {
            if (!state.AuthMounts.TryGetValue(mountPath, out var mount) || mount.Type != "kubernetes"
                || roleName.Length == 0 || jwt.Length == 0 || !mount.Roles.TryGetValue(roleName.ToLowerInvariant(), out role))
            {
                return state.AuthMounts.ContainsKey(mountPath) && roleName.Length > 0 && jwt.Length > 0 && !state.KubernetesRoles.ContainsKey((mountPath, roleName))
                    ? VaultResponse.Errors(StatusCodes.Status400BadRequest, $"invalid role name {GoQuote.Quote(roleName)}")
                    : null;
            }

            (config, local) = (mount.Config, state.LocalServiceAccount);
        }

        if (config is null)
        {
            return BackendErrors.MultiError(StatusCodes.Status500InternalServerError, "could not load backend configuration");
        }

        var claims = ServiceAccountClaims.Payload(jwt);
        if (Check(claims, role, config, state.Now) is { } refused)
        {
            return VaultResponse.Errors(StatusCodes.Status403Forbidden, refused);
        }

        var account = ServiceAccountClaims.FromPayload(claims);
        var useLocal = local is not null && !config.DisableLocalCaJwt;
        var bearer = config.TokenReviewerJwt.Length > 0 ? config.TokenReviewerJwt : useLocal ? local!.Jwt : jwt;
        var ca = config.CaCert.Length > 0 ? config.CaCert : useLocal ? local!.CaPem : "";
        var audiences = role.Audience.Length > 0 ? [role.Audience] : Audiences(claims);
        (ServiceAccountClaims? Account, string? Error) reviewed;
        try
        {
            reviewed = await _reviewer.ReviewAsync(config.Host, ca, bearer, jwt, audiences, ct);
        }
        catch (HttpRequestException)
        {
            reviewed = (null, "TokenReview unreachable");
        }

        if (reviewed.Account is not { } seen || seen.Name != account.Name || seen.Namespace != account.Namespace || seen.Uid != account.Uid)
        {
            return VaultResponse.Errors(StatusCodes.Status403Forbidden, state.LegacyPermissionDenied ? VaultRouter.MultiErrorPermissionDenied : "permission denied");
        }

        lock (state.Gate)
        {
            return LoginHandler.IssueKubernetes(state, role.Issued, mountPath, roleName, account);
        }
    }

    public void Dispose() => _reviewer.Dispose();

    /// <summary>parseAndValidateJWT: the claims the plugin checks before it asks the API server; null when they pass.</summary>
    private static string? Check(JsonNode? claims, KubernetesAuthRole role, KubernetesAuthConfig config, DateTimeOffset now)
    {
        if (claims is null)
        {
            return "go-jose/go-jose: compact JWS format must have three parts";
        }

        if (!config.DisableIssValidation && config.Issuer.Length > 0 && (string?)claims["iss"] != config.Issuer)
        {
            return "invalid issuer (iss) claim";
        }

        if (role.Audience.Length > 0 && !Audiences(claims).Contains(role.Audience))
        {
            return "invalid audience (aud) claim: audience claim does not match any expected audience";
        }

        if (Time(claims["nbf"]) is { } nbf && now + Leeway < nbf)
        {
            return "invalid not before (nbf) claim: token not yet valid";
        }

        if (Time(claims["exp"]) is { } exp && now - Leeway > exp)
        {
            return "invalid expiration time (exp) claim: token is expired";
        }

        if (Time(claims["iat"]) is { } iat && now + Leeway < iat)
        {
            return "invalid issued at (iat) claim: token issued in the future";
        }

        var account = ServiceAccountClaims.FromPayload(claims);
        if (!(role.ServiceAccountNames is ["*"]) && !Glob.AnyMatches(role.ServiceAccountNames, account.Name))
        {
            return "service account name not authorized";
        }

        return role.ServiceAccountNamespaces is ["*", ..] || Glob.AnyMatches(role.ServiceAccountNamespaces, account.Namespace)
            ? null
            : "namespace not authorized";
    }

    private static List<string> Audiences(JsonNode? claims) => claims?["aud"] switch
    {
        JsonArray array => [.. array.Select(a => a?.ToString() ?? "")],
        JsonValue single => [single.ToString()],
        _ => [],
    };

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
