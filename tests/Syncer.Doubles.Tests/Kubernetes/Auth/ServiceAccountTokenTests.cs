using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Syncer.Doubles.Kubernetes;
using static Syncer.Doubles.Tests.Kubernetes.Auth.Rbac;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes.Auth;

/// <summary>
/// TokenRequest and TokenReview as a kubeadm cluster answers them: RS256 JWTs with the real claims, the API server's
/// own audience (https://kubernetes.default.svc.cluster.local) required on every request, expiry on the server's
/// clock, a deleted ServiceAccount's tokens refused, and TokenReview telling a reviewer who a token is and for whom.
/// </summary>
public sealed class ServiceAccountTokenTests
{
    [Fact(Timeout = 20_000)]
    public async Task TokenRequest_IssuesASignedJwtWithTheClaimsOfARealCluster()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await Rbac.StartAsync();
        using var admin = Client(api);
        var account = await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "syncer" } }, "syncer-system", cancellationToken: ct);

        var answer = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = ["vault"], ExpirationSeconds = 1200 } }, "syncer", "syncer-system", cancellationToken: ct);
        var parts = answer.Status.Token.Split('.');
        var header = Decode(parts[0]);
        var claims = Decode(parts[1]);

        Assert.Equal(3, parts.Length);
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.False(string.IsNullOrEmpty((string?)header["kid"]));
        Assert.Equal(KubeApiDouble.ServiceAccountIssuer, (string?)claims["iss"]);
        Assert.Equal("system:serviceaccount:syncer-system:syncer", (string?)claims["sub"]);
        Assert.Equal("""["vault"]""", claims["aud"]!.ToJsonString());
        Assert.Equal(1200, (long)claims["exp"]! - (long)claims["iat"]!);
        Assert.Equal((long)claims["iat"]!, (long)claims["nbf"]!);
        Assert.False(string.IsNullOrEmpty((string?)claims["jti"]));
        Assert.Equal(("syncer-system", "syncer", account.Metadata.Uid),
            ((string?)claims["kubernetes.io"]!["namespace"], (string?)claims["kubernetes.io"]!["serviceaccount"]!["name"], (string?)claims["kubernetes.io"]!["serviceaccount"]!["uid"]));
        Assert.Equal(["vault"], answer.Spec.Audiences);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)claims["exp"]!).UtcDateTime, answer.Status.ExpirationTimestamp);
    }

    [Fact(Timeout = 20_000)]
    public async Task TheApiServer_AcceptsOnlyTokensWithItsOwnAudience()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await Rbac.StartAsync();
        using var admin = Client(api);
        var forApi = await ServiceAccountTokenAsync(admin, "syncer-system", "syncer");
        var forVault = await TokenAsync(admin, "syncer-system", "syncer", ["vault"]);

        ct.ThrowIfCancellationRequested();
        var (apiStatus, _, _) = await RawAsync(api, HttpMethod.Get, "/api", token: forApi);
        var (vaultStatus, body, _) = await RawAsync(api, HttpMethod.Get, "/api", token: forVault);
        var (forged, _, _) = await RawAsync(api, HttpMethod.Get, "/api", token: forApi[..^4] + "AAAA");

        Assert.Equal((200, 401, 401), (apiStatus, vaultStatus, forged));
        Assert.Equal("Unauthorized", (string?)body!["message"]);
    }

    [Fact(Timeout = 20_000)]
    public async Task Tokens_ExpireOnTheServersClock_AndDieWithTheirServiceAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = ["syncer-system"], TimeProvider = clock }, ct);
        using var admin = Client(api);
        var token = await ServiceAccountTokenAsync(admin, "syncer-system", "syncer", seconds: 600);
        var other = await ServiceAccountTokenAsync(admin, "syncer-system", "other");

        var fresh = (await RawAsync(api, HttpMethod.Get, "/api", token: token)).Status;
        clock.Advance(TimeSpan.FromSeconds(601));
        var expired = (await RawAsync(api, HttpMethod.Get, "/api", token: token)).Status;
        var review = await ReviewAsync(api, token, null);
        await admin.CoreV1.DeleteNamespacedServiceAccountAsync("other", "syncer-system", cancellationToken: ct);
        var deleted = await ReviewAsync(api, other, null);

        Assert.Equal((200, 401), (fresh, expired));
        Assert.Equal("service account token has expired", (string?)review["status"]!["error"]);
        Assert.Null(review["status"]!["authenticated"]);
        Assert.Equal("serviceaccounts \"other\" not found", (string?)deleted["status"]!["error"]);
    }

    [Fact(Timeout = 20_000)]
    public async Task TokenRequest_RefusesTooShortLivesAndMissingAccounts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await Rbac.StartAsync();
        using var admin = Client(api);
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "syncer" } }, "syncer-system", cancellationToken: ct);

        var shortLived = await StatusOfAsync(() => TokenAsync(admin, "syncer-system", "syncer", seconds: 599));
        var missing = await StatusOfAsync(() => TokenAsync(admin, "syncer-system", "nobody"));

        Assert.Equal("TokenRequest.authentication.k8s.io \"syncer\" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes", shortLived.Message);
        Assert.Equal((404, "serviceaccounts \"nobody\" not found"), (missing.Code, missing.Message));
    }

    [Fact(Timeout = 20_000)]
    public async Task TokenReview_SaysWhoATokenIsAndForWhichAudience_ToThoseAllowedToAsk()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await Rbac.StartAsync();
        using var admin = Client(api);
        var token = await ServiceAccountTokenAsync(admin, "syncer-system", "syncer", ["vault"]);
        var reviewer = await ServiceAccountTokenAsync(admin, "shop", "reviewer");
        var review = new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenReview",
            ["spec"] = new JsonObject { ["token"] = token, ["audiences"] = new JsonArray("vault") },
        }.ToJsonString();

        var (denied, deniedBody, _) = await RawAsync(api, HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews", review, token: reviewer);
        await ClusterRoleBindingAsync(admin, "reviewer", "system:auth-delegator", ServiceAccount("reviewer", "shop"));
        var (created, body, _) = await RawAsync(api, HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews", review, token: reviewer);
        var wrongAudience = await ReviewAsync(api, token, ["other"]);

        Assert.Equal(403, denied);
        Assert.Equal("tokenreviews.authentication.k8s.io is forbidden: User \"system:serviceaccount:shop:reviewer\" cannot create resource \"tokenreviews\" in API group \"authentication.k8s.io\" at the cluster scope", (string?)deniedBody!["message"]);
        Assert.Equal(201, created);
        var status = body!["status"]!;
        Assert.True((bool)status["authenticated"]!);
        Assert.Equal("system:serviceaccount:syncer-system:syncer", (string?)status["user"]!["username"]);
        Assert.Equal("""["system:serviceaccounts","system:serviceaccounts:syncer-system","system:authenticated"]""", status["user"]!["groups"]!.ToJsonString());
        Assert.StartsWith("JTI=", (string?)status["user"]!["extra"]!["authentication.kubernetes.io/credential-id"]![0], StringComparison.Ordinal);
        Assert.Equal("""["vault"]""", status["audiences"]!.ToJsonString());
        Assert.Equal("token audiences [\"vault\"] is invalid for the target audiences [\"other\"]", (string?)wrongAudience["status"]!["error"]);
    }

    private static async Task<JsonNode> ReviewAsync(KubeApiDouble api, string token, string[]? audiences)
    {
        var spec = new JsonObject { ["token"] = token };
        if (audiences is not null)
        {
            spec["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]);
        }

        var (_, body, _) = await RawAsync(api, HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews", new JsonObject { ["spec"] = spec }.ToJsonString());
        return body!;
    }

    private static JsonNode Decode(string part)
    {
        var padded = part.Replace('-', '+').Replace('_', '/');
        padded = padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
        return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded)))!;
    }
}
