using System.Text;
using System.Text.Json.Nodes;

namespace Syncer.Doubles.Vault.Auth;

/// <summary>
/// Best-effort read of a service-account JWT's claims for the login metadata. The double does not verify the
/// signature (a role is bound to one exact JWT instead); a token that is not a JWT gives empty names.
/// </summary>
internal sealed record ServiceAccountClaims(string Name, string Namespace, string Uid)
{
    public static ServiceAccountClaims Read(string jwt)
    {
        try
        {
            var parts = jwt.Split('.');
            if (parts.Length < 2)
            {
                return new("", "", "");
            }

            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            var claims = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            var k8s = claims?["kubernetes.io"];
            if (k8s is not null)
            {
                return new(
                    k8s["serviceaccount"]?["name"]?.ToString() ?? "",
                    k8s["namespace"]?.ToString() ?? "",
                    k8s["serviceaccount"]?["uid"]?.ToString() ?? "");
            }

            return new(
                claims?["kubernetes.io/serviceaccount/service-account.name"]?.ToString() ?? "",
                claims?["kubernetes.io/serviceaccount/namespace"]?.ToString() ?? "",
                claims?["kubernetes.io/serviceaccount/service-account.uid"]?.ToString() ?? "");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return new("", "", "");
        }
    }
}
