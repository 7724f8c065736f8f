using System.Text.Json.Nodes;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Auth;

/// <summary>The "auth" object of a login or renewal (V:sdk/logical/translate_response.go HTTPAuth, field order kept).</summary>
internal static class AuthBlock
{
    public static JsonObject For(VaultToken token, long leaseDuration) => new()
    {
        ["client_token"] = token.Id,
        ["accessor"] = token.Accessor,
        ["policies"] = VaultJson.Array(token.Policies),
        ["token_policies"] = VaultJson.Array(token.Policies),
        ["metadata"] = VaultJson.StringMap(token.Meta),
        ["lease_duration"] = leaseDuration,
        ["renewable"] = token.Renewable,
        ["entity_id"] = token.EntityId,
        ["token_type"] = "service",
        ["orphan"] = token.Orphan,
        ["mfa_requirement"] = null,
        ["num_uses"] = 0,
    };
}
