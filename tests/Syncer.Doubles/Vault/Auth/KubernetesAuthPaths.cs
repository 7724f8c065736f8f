using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Auth;

/// <summary>
/// auth/&lt;mount&gt;/config and auth/&lt;mount&gt;/role/&lt;name&gt; of an enabled kubernetes method
/// (vault-plugin-auth-kubernetes path_config.go, path_role.go): what `vault write auth/kubernetes/config ...` and
/// `vault write auth/kubernetes/role/syncer ...` send. Fields outside the model (namespace selectors, CIDRs,
/// periods, num_uses) are accepted and ignored.
/// </summary>
internal static class KubernetesAuthPaths
{
    public static VaultResponse Handle(AuthMount mount, VaultRequest request, string rest)
    {
        if (rest == "config")
        {
            return request.Operation switch
            {
                VaultOperation.Write => WriteConfig(mount, request.Body),
                VaultOperation.Read => mount.Config is { } c ? VaultResponse.Envelope(ConfigJson(c), "kubernetes") : VaultResponse.Errors(StatusCodes.Status404NotFound),
                _ => BackendErrors.UnsupportedOperation(),
            };
        }

        if (rest == "role" && request.Operation == VaultOperation.List)
        {
            return mount.Roles.Count == 0 ? VaultResponse.Errors(StatusCodes.Status404NotFound)
                : VaultResponse.Envelope(new JsonObject { ["keys"] = VaultJson.Array(mount.Roles.Keys.Order(StringComparer.Ordinal)) }, "kubernetes");
        }

        if (!rest.StartsWith("role/", StringComparison.Ordinal))
        {
            return BackendErrors.UnsupportedPath();
        }

        var name = rest["role/".Length..].Trim('/').ToLowerInvariant();
        switch (request.Operation)
        {
            case VaultOperation.Write:
                return WriteRole(mount, name, request.Body);
            case VaultOperation.Read:
                return mount.Roles.TryGetValue(name, out var role) ? VaultResponse.Envelope(RoleJson(role), "kubernetes") : VaultResponse.Errors(StatusCodes.Status404NotFound);
            case VaultOperation.Delete:
                mount.Roles.Remove(name);
                return VaultResponse.NoContent();
            default:
                return BackendErrors.UnsupportedOperation();
        }
    }

    private static VaultResponse WriteConfig(AuthMount mount, JsonObject body)
    {
        var host = body["kubernetes_host"]?.ToString() ?? "";
        if (host.Length == 0)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "no host provided");
        }

        var ca = body["kubernetes_ca_cert"]?.ToString() ?? "";
        if (ca.Length > 0 && !ca.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "The provided CA PEM data contains no valid certificates");
        }

        mount.Config = new KubernetesAuthConfig(host, ca, body["token_reviewer_jwt"]?.ToString() ?? "", Strings(body["pem_keys"]),
            Bool(body["disable_local_ca_jwt"]), body["issuer"]?.ToString() ?? "", Bool(body["disable_iss_validation"]));
        return VaultResponse.NoContent();
    }

    private static VaultResponse WriteRole(AuthMount mount, string name, JsonObject body)
    {
        mount.Roles.TryGetValue(name, out var existing);
        var names = body.ContainsKey("bound_service_account_names") ? Strings(body["bound_service_account_names"]) : existing?.ServiceAccountNames ?? [];
        var namespaces = body.ContainsKey("bound_service_account_namespaces") ? Strings(body["bound_service_account_namespaces"]) : existing?.ServiceAccountNamespaces ?? [];
        if (names.Count == 0)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "\"bound_service_account_names\" can not be empty");
        }

        if (namespaces.Count == 0)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest,
                "\"bound_service_account_namespaces\" can not be empty if \"bound_service_account_namespace_selector\" is not set");
        }

        if ((names.Count > 1 && names.Contains("*")) || (namespaces.Count > 1 && namespaces.Contains("*")))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "can not mix \"*\" with values");
        }

        var policies = Strings(body["token_policies"] ?? body["policies"]);
        if (!Duration(body["token_ttl"] ?? body["ttl"], existing?.Issued.Ttl, out var ttl) || !Duration(body["token_max_ttl"] ?? body["max_ttl"], existing?.Issued.MaxTtl, out var maxTtl))
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "error converting input for field \"token_ttl\": time: invalid duration");
        }

        if (maxTtl > TimeSpan.Zero && ttl > maxTtl)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "token ttl should not be greater than token max ttl");
        }

        var audience = body["audience"]?.ToString() ?? existing?.Audience ?? "";
        mount.Roles[name] = new KubernetesAuthRole(names, namespaces, audience,
            body["alias_name_source"]?.ToString() ?? existing?.AliasNameSource ?? "serviceaccount_uid",
            new TokenSpec(policies.Count > 0 || existing is null ? policies : existing.Issued.Policies, ttl, maxTtl));
        return audience.Trim().Length > 0
            ? VaultResponse.NoContent()
            : VaultResponse.Envelope(null, "kubernetes", warnings: [$"Role {name} does not have an audience configured. While audiences are not required, consider specifying one if your use case would benefit from additional JWT claim verification."]);
    }

    private static JsonObject ConfigJson(KubernetesAuthConfig c) => VaultJson.SortedObject(
        ("disable_iss_validation", c.DisableIssValidation),
        ("disable_local_ca_jwt", c.DisableLocalCaJwt),
        ("issuer", c.Issuer),
        ("kubernetes_ca_cert", c.CaCert),
        ("kubernetes_host", c.Host),
        ("pem_keys", VaultJson.Array(c.PemKeys)),
        ("token_reviewer_jwt_set", c.TokenReviewerJwt.Length > 0),
        ("use_annotations_as_alias_metadata", false));

    private static JsonObject RoleJson(KubernetesAuthRole role)
    {
        var json = VaultJson.SortedObject(
            ("alias_name_source", role.AliasNameSource),
            ("bound_service_account_names", VaultJson.Array(role.ServiceAccountNames)),
            ("bound_service_account_namespace_selector", ""),
            ("bound_service_account_namespaces", VaultJson.Array(role.ServiceAccountNamespaces)),
            ("token_bound_cidrs", new JsonArray()),
            ("token_explicit_max_ttl", 0),
            ("token_max_ttl", (long)role.Issued.MaxTtl.TotalSeconds),
            ("token_no_default_policy", false),
            ("token_num_uses", 0),
            ("token_period", 0),
            ("token_policies", VaultJson.Array(role.Issued.Policies)),
            ("token_ttl", (long)role.Issued.Ttl.TotalSeconds),
            ("token_type", "default"));
        if (role.Audience.Length > 0)
        {
            json["audience"] = role.Audience;
        }

        return json;
    }

    /// <summary>framework.TypeCommaStringSlice: a JSON array, or one string split on commas.</summary>
    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => [.. array.Select(n => n?.ToString() ?? "").Where(s => s.Length > 0)],
        null => [],
        _ => [.. node.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
    };

    private static bool Bool(JsonNode? node) => node is not null && GoBool.TryParse(node.ToString(), out var value) && value;

    private static bool Duration(JsonNode? node, TimeSpan? fallback, out TimeSpan value)
    {
        if (node is null)
        {
            value = fallback ?? TimeSpan.Zero;
            return true;
        }

        return GoDuration.TryParse(node, out value);
    }
}
