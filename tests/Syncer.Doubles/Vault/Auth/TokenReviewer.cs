using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Syncer.Doubles.Vault.Auth;

/// <summary>
/// Vault's call to the Kubernetes TokenReview API (vault-plugin-auth-kubernetes token_review.go): POST
/// &lt;kubernetes_host&gt;/apis/authentication.k8s.io/v1/tokenreviews with the reviewer's bearer token, over TLS that
/// trusts the configured CA. The answer is the reviewed user (namespace, name, uid) or why the token was refused.
/// One HTTP client per CA, disposed with the double.
/// </summary>
internal sealed class TokenReviewer : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public async Task<(ServiceAccountClaims? Account, string? Error)> ReviewAsync(string host, string caPem, string bearer, string jwt, IReadOnlyList<string> audiences, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{host.TrimEnd('/')}/apis/authentication.k8s.io/v1/tokenreviews");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var spec = new JsonObject { ["token"] = jwt };
        if (audiences.Count > 0)
        {
            spec["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]);
        }

        var body = new JsonObject { ["kind"] = "TokenReview", ["apiVersion"] = "authentication.k8s.io/v1", ["spec"] = spec };
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Client(caPem).SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            return (null, "lookup failed: service account unauthorized; this could mean it has been deleted or recreated with a new token");
        }

        if (!response.IsSuccessStatusCode)
        {
            return (null, $"{(int)response.StatusCode}: {text.Trim()}");
        }

        var status = JsonNode.Parse(text)?["status"];
        if ((string?)status?["error"] is { Length: > 0 } error)
        {
            return (null, $"lookup failed: {error}");
        }

        if ((bool?)status?["authenticated"] != true)
        {
            return (null, "lookup failed: service account jwt not valid");
        }

        var granted = status!["audiences"]?.AsArray().Select(a => (string)a!).ToList() ?? [];
        if (audiences.Count > 0 && !audiences.Any(granted.Contains))
        {
            return (null, $"lookup failed: service account jwt valid for audience(s) [{string.Join(' ', granted)}], but wanted [{string.Join(' ', audiences)}]");
        }

        var parts = ((string?)status["user"]?["username"] ?? "").Split(':');
        if (parts is not ["system", "serviceaccount", var ns, var name])
        {
            return (null, parts.Length != 4 ? "lookup failed: unexpected username format" : "lookup failed: username returned is not a service account");
        }

        return (new ServiceAccountClaims(name, ns, (string?)status["user"]?["uid"] ?? ""), null);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private HttpClient Client(string caPem) => _clients.GetOrAdd(caPem, pem =>
    {
        var handler = new SocketsHttpHandler();
        if (pem.Length > 0)
        {
            var trust = new X509Certificate2Collection();
            trust.ImportFromPem(pem);
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(trust);
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    });
}
