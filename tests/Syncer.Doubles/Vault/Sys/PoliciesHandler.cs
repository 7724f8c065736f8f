using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Acl;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Sys;

/// <summary>
/// sys/policies/acl/&lt;name&gt;: write (`vault policy write`: {"policy": "&lt;HCL or JSON&gt;"}), read, delete, and
/// the list (V:vault/logical_system.go handlePoliciesSet/Read/Delete/List). root cannot be written or deleted.
/// </summary>
internal static class PoliciesHandler
{
    public const string Prefix = "policies/acl";

    public static VaultResponse Handle(VaultState state, VaultRequest request, string rest)
    {
        var name = rest.Length > Prefix.Length ? rest[(Prefix.Length + 1)..].Trim('/').ToLowerInvariant() : "";
        if (name.Length == 0)
        {
            return request.Operation == VaultOperation.List
                ? VaultResponse.Envelope(new JsonObject { ["keys"] = VaultJson.Array(["default", .. state.Policies.Names.Where(n => n != "default").Order(StringComparer.Ordinal), "root"]) }, "system")
                : BackendErrors.UnsupportedOperation();
        }

        switch (request.Operation)
        {
            case VaultOperation.Read:
                return state.Policies.Text(name) is { } text
                    ? VaultResponse.Envelope(new JsonObject { ["name"] = name, ["policy"] = text }, "system")
                    : VaultResponse.Errors(StatusCodes.Status404NotFound);
            case VaultOperation.Write:
                if (name == "root")
                {
                    return VaultResponse.Errors(StatusCodes.Status400BadRequest, "cannot update \"root\" policy");
                }

                var policy = request.Body["policy"]?.ToString() ?? "";
                if (policy.Length == 0)
                {
                    return VaultResponse.Errors(StatusCodes.Status400BadRequest, "'policy' parameter not supplied or empty");
                }

                var (rules, error) = HclPolicy.Parse(policy);
                if (rules is null)
                {
                    return VaultResponse.Errors(StatusCodes.Status400BadRequest, error!);
                }

                state.Policies.Put(name, rules, policy);
                return VaultResponse.NoContent();
            case VaultOperation.Delete:
                if (name is "root" or "default")
                {
                    return VaultResponse.Errors(StatusCodes.Status400BadRequest, $"cannot delete \"{name}\" policy");
                }

                state.Policies.Delete(name);
                return VaultResponse.NoContent();
            default:
                return BackendErrors.UnsupportedOperation();
        }
    }
}
