using System.Text;
using System.Text.Json.Nodes;

namespace Syncer.Doubles.Vault.Auth;

/// <summary>
/// Best-effort read of a service-account JWT's claims, as the plugin reads them before TokenReview (unverified
/// unless pem_keys are configured); a token that is not a JWT gives empty names.
/// </summary>
internal sealed record ServiceAccountClaims(string Name, string Namespace, string Uid)
{
    public static ServiceAccountClaims Read(string jwt) => FromPayload(Payload(jwt));

    /// <summary>The account named by a JWT's claims (projected: the kubernetes.io claim; legacy: the flat claims).</summary>
    public static ServiceAccountClaims FromPayload(JsonNode? claims)
    {
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

    /// <summary>A JWT's claims, read without verifying anything; null when the token is no JWT.</summary>
    public static JsonNode? Payload(string jwt)
    {
        try
        {
            var parts = jwt.Split('.');
            if (parts.Length < 2)
            {
                return null;
            }

            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
