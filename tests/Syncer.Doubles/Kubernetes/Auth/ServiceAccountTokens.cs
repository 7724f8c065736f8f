using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>
/// Bound service-account tokens as kube-apiserver issues them (pkg/serviceaccount/claims.go): RS256 JWTs signed with
/// a key the double makes at start, <c>kid</c> the SHA-256 of the public key, claims <c>iss</c>, <c>sub</c>,
/// <c>aud</c> (always a list), <c>exp</c>, <c>iat</c>, <c>nbf</c>, <c>jti</c> and <c>kubernetes.io</c> {namespace,
/// serviceaccount {name, uid}}. The issuer and the API server's own audience are kubeadm's (kind's) defaults.
/// Signing and the signature check are Microsoft.IdentityModel's; the claim rules and messages are the API server's.
/// </summary>
internal sealed class ServiceAccountTokens : IDisposable
{
    /// <summary>kubeadm's --service-account-issuer, and (as --api-audiences is unset) the API server's audience.</summary>
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";

    // Made at the first token: a 2048-bit key costs CPU that the many doubles tests start without a TokenRequest
    // should not pay.
    private readonly Lazy<(RSA Rsa, RsaSecurityKey Key)> _signing = new(() =>
    {
        var rsa = RSA.Create(2048);
        return (rsa, new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())) });
    });

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static IReadOnlyList<string> ApiAudiences { get; } = [Issuer];

    /// <summary>The public key, PEM (what Vault's auth/kubernetes/config pem_keys would take).</summary>
    public string PublicKeyPem => _signing.Value.Rsa.ExportSubjectPublicKeyInfoPem();

    public string Issue(ServiceAccountRef account, IReadOnlyList<string> audiences, DateTimeOffset now, long expirationSeconds)
    {
        var issuedAt = now.ToUnixTimeSeconds();
        var descriptor = new SecurityTokenDescriptor
        {
            SigningCredentials = new SigningCredentials(_signing.Value.Key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["aud"] = audiences.ToList(),
                ["exp"] = issuedAt + expirationSeconds,
                ["iat"] = issuedAt,
                ["iss"] = Issuer,
                ["jti"] = Guid.NewGuid().ToString(),
                ["kubernetes.io"] = new Dictionary<string, object>
                {
                    ["namespace"] = account.Namespace,
                    ["serviceaccount"] = new Dictionary<string, object> { ["name"] = account.Name, ["uid"] = account.Uid },
                },
                ["nbf"] = issuedAt,
                ["sub"] = UserInfo.ServiceAccountName(account.Namespace, account.Name),
            },
        };
        return _handler.CreateToken(descriptor);
    }

    /// <summary>
    /// Signature, issuer, time and audience checks of the JWT authenticator (authenticator/token/jwt and
    /// serviceaccount claims validation); the account's existence is checked by the caller. Null when the token
    /// is no JWT of this issuer (another authenticator may know it).
    /// </summary>
    public async Task<TokenCheck?> CheckAsync(string token, IReadOnlyList<string> audiences, DateTimeOffset now)
    {
        if (!_handler.CanReadToken(token))
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = _signing.Value.Key,
            ValidIssuer = Issuer,
            ValidateAudience = false, // checked below, with the API server's message
            ValidateLifetime = false, // checked below, on the double's clock
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        if (!result.IsValid)
        {
            return result.Exception is SecurityTokenInvalidIssuerException ? null : TokenCheck.Failed("invalid signature");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        var tokenAudiences = jwt.Audiences.ToList();
        if (!tokenAudiences.Intersect(audiences, StringComparer.Ordinal).Any())
        {
            return TokenCheck.Failed($"token audiences {GoFormat.QuoteList(tokenAudiences)} is invalid for the target audiences {GoFormat.QuoteList(audiences)}");
        }

        var seconds = now.ToUnixTimeSeconds();
        if (jwt.TryGetPayloadValue<long>("exp", out var exp) && seconds > exp)
        {
            return TokenCheck.Failed("service account token has expired");
        }

        if (jwt.TryGetPayloadValue<long>("nbf", out var nbf) && seconds < nbf)
        {
            return TokenCheck.Failed("service account token is not valid yet");
        }

        var claims = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload)).RootElement.GetProperty("kubernetes.io");
        var sa = claims.GetProperty("serviceaccount");
        var account = new ServiceAccountRef(claims.GetProperty("namespace").GetString()!, sa.GetProperty("name").GetString()!, sa.GetProperty("uid").GetString()!);
        return new TokenCheck(account, [.. tokenAudiences.Intersect(audiences, StringComparer.Ordinal)], jwt.Id, null);
    }

    public void Dispose()
    {
        if (_signing.IsValueCreated)
        {
            _signing.Value.Rsa.Dispose();
        }
    }
}
