using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Auth;

/// <summary>auth/token/lookup-self, renew-self and revoke-self (DOCS auth/token.mdx). Any valid token may call them.</summary>
internal static class TokenSelfHandler
{
    public static VaultResponse Handle(VaultState state, VaultRequest request, VaultToken token)
    {
        var now = state.Now;
        return (request.Path.TrimEnd('/'), request.Operation) switch
        {
            ("auth/token/lookup-self", VaultOperation.Read or VaultOperation.Write) => VaultResponse.Envelope(Lookup(token, now), "token"),
            ("auth/token/renew-self", VaultOperation.Write) => Renew(request, token, now),
            ("auth/token/revoke-self", VaultOperation.Write) => Revoke(token),
            ("auth/token/lookup-self" or "auth/token/renew-self" or "auth/token/revoke-self", _) =>
                BackendErrors.UnsupportedOperation(),
            _ => BackendErrors.UnsupportedPath(),
        };
    }

    private static JsonObject Lookup(VaultToken token, DateTimeOffset now)
    {
        var fields = new List<(string, JsonNode?)>
        {
            ("accessor", token.Accessor),
            ("creation_time", token.IssueTime.ToUnixTimeSeconds()),
            ("creation_ttl", (long)token.CreationTtl.TotalSeconds),
            ("display_name", token.DisplayName),
            ("entity_id", token.EntityId),
            ("expire_time", token.ExpireTime is { } e ? VaultJson.Time(e) : null),
            ("explicit_max_ttl", (long)token.MaxTtl.TotalSeconds),
            ("id", token.Id),
            ("issue_time", VaultJson.Time(token.IssueTime)),
            ("meta", VaultJson.StringMap(token.Meta)),
            ("num_uses", 0),
            ("orphan", token.Orphan),
            ("path", token.Path),
            ("policies", VaultJson.Array(token.Policies)),
            ("renewable", token.Renewable),
            ("ttl", token.SecondsLeft(now)),
            ("type", "service"),
        };
        if (token.EntityId.Length > 0)
        {
            fields.Add(("identity_policies", new JsonArray()));
        }

        return VaultJson.SortedObject([.. fields]);
    }

    /// <summary>
    /// The increment (default: the creation TTL) counts from now and is capped at the max TTL with the sdk's warning
    /// (sdk/framework/lease.go CalculateTTL). A non-renewable token answers 400 "lease is not renewable".
    /// </summary>
    private static VaultResponse Renew(VaultRequest request, VaultToken token, DateTimeOffset now)
    {
        if (token.ExpireTime is null)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "lease not found or lease is not renewable");
        }

        if (!token.Renewable)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "lease is not renewable");
        }

        if (!GoDuration.TryParse(request.Body["increment"], out var increment))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "error converting input for field \"increment\"");
        }

        var ttl = increment > TimeSpan.Zero ? increment : token.CreationTtl;
        var warnings = new List<string>();
        if (token.MaxExpireTime is { } maxExpire && now + ttl > maxExpire)
        {
            var capped = TimeSpan.FromSeconds(Math.Floor((maxExpire - now).TotalSeconds));
            if (capped <= TimeSpan.Zero)
            {
                return VaultResponse.Errors(StatusCodes.Status400BadRequest, "past the max TTL, cannot renew");
            }

            warnings.Add($"TTL of {GoQuote.Quote(GoDuration.Human(ttl))} exceeded the effective max_ttl of {GoQuote.Quote(GoDuration.Human(capped))}; TTL value is capped accordingly");
            ttl = capped;
        }

        token.ExpireTime = now + ttl;
        return VaultResponse.Envelope(null, "token", warnings: warnings, auth: AuthBlock.For(token, (long)ttl.TotalSeconds));
    }

    private static VaultResponse Revoke(VaultToken token)
    {
        token.Revoked = true;
        return VaultResponse.NoContent();
    }
}
