using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests.Vault;

/// <summary>
/// Vault's Kubernetes auth as tests/e2e/steps.sh configures it (sys/auth enable, auth/kubernetes/config with
/// kubernetes_host alone, the role with bound names, namespaces and audience, the policy in HCL) against the
/// Kubernetes double, Vault running "in the cluster": tokens from TokenRequest are checked as
/// vault-plugin-auth-kubernetes checks them, then reviewed by the API server (TokenReview).
/// </summary>
public sealed class VaultKubernetesAuthTests
{
    [Fact(Timeout = 30_000)]
    public async Task Login_WithATokenOfTheBoundAccountAndAudience_GetsTheRolesPolicies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await Harness.StartAsync(ct);

        var token = await h.TokenAsync("syncer-system", "syncer", "vault", ct);
        var login = await h.SendAsync("POST", "auth/kubernetes/login", Login(token), "", ct);
        var client = (string)login.Json!["auth"]!["client_token"]!;
        var read = await h.SendAsync("GET", "secret/data/shop/db", null, client, ct);
        var denied = await h.SendAsync("GET", "secret/metadata/shop/db", null, client, ct);

        Assert.Equal(200, login.Status);
        Assert.Equal("""["syncer"]""", login.Json["auth"]!["policies"]!.ToJsonString());
        Assert.Equal("syncer", (string?)login.Json["auth"]!["metadata"]!["service_account_name"]);
        Assert.Equal(await h.UidAsync("syncer-system", "syncer", ct), (string?)login.Json["auth"]!["metadata"]!["service_account_uid"]);
        Assert.Equal(3600, (int)login.Json["auth"]!["lease_duration"]!);
        Assert.Equal(200, read.Status);
        Assert.Equal(403, denied.Status); // the HCL policy grants data/ only
    }

    [Fact(Timeout = 30_000)]
    public async Task Login_RefusesAnotherAudienceAccountOrNamespace_WithThePluginsMessages()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await Harness.StartAsync(ct);

        var apiAudience = await h.SendAsync("POST", "auth/kubernetes/login", Login(await h.TokenAsync("syncer-system", "syncer", null, ct)), "", ct);
        var otherName = await h.SendAsync("POST", "auth/kubernetes/login", Login(await h.TokenAsync("syncer-system", "intruder", "vault", ct)), "", ct);
        var otherNamespace = await h.SendAsync("POST", "auth/kubernetes/login", Login(await h.TokenAsync("shop", "syncer", "vault", ct)), "", ct);
        var unknownRole = await h.SendAsync("POST", "auth/kubernetes/login", """{"role":"nobody","jwt":"x.y.z"}""", "", ct);

        Assert.Equal((403, "invalid audience (aud) claim: audience claim does not match any expected audience"), (apiAudience.Status, Error(apiAudience)));
        Assert.Equal((403, "service account name not authorized"), (otherName.Status, Error(otherName)));
        Assert.Equal((403, "namespace not authorized"), (otherNamespace.Status, Error(otherNamespace)));
        Assert.Equal((400, "invalid role name \"nobody\""), (unknownRole.Status, Error(unknownRole)));
    }

    [Fact(Timeout = 30_000)]
    public async Task Login_IsReviewedByTheApiServer_AForgedExpiredOrOrphanedTokenIsPermissionDenied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await Harness.StartAsync(ct);
        var token = await h.TokenAsync("syncer-system", "syncer", "vault", ct);
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA";

        var longer = await h.TokenAsync("syncer-system", "syncer", "vault", ct, seconds: 3600);
        var forgedLogin = await h.SendAsync("POST", "auth/kubernetes/login", Login(forged), "", ct);
        h.KubeClock.Advance(TimeSpan.FromMinutes(11)); // past the token's 10 minutes on the cluster's clock only
        var expired = await h.SendAsync("POST", "auth/kubernetes/login", Login(token), "", ct);
        var stillGood = await h.SendAsync("POST", "auth/kubernetes/login", Login(longer), "", ct);
        await h.Admin.CoreV1.DeleteNamespacedServiceAccountAsync("syncer", "syncer-system", cancellationToken: ct);
        var orphaned = await h.SendAsync("POST", "auth/kubernetes/login", Login(longer), "", ct);

        Assert.Equal((403, "permission denied"), (forgedLogin.Status, Error(forgedLogin)));
        Assert.Equal((403, "permission denied"), (expired.Status, Error(expired)));
        Assert.Equal(200, stillGood.Status);
        Assert.Equal((403, "permission denied"), (orphaned.Status, Error(orphaned)));
        Assert.Equal(1, h.Vault.SuccessfulLogins);
    }

    [Fact(Timeout = 30_000)]
    public async Task Config_AndRole_AreValidatedAndReadBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await Harness.StartAsync(ct);

        var enableTwice = await h.SendAsync("POST", "sys/auth/kubernetes", """{"type":"kubernetes"}""", null, ct);
        var noHost = await h.SendAsync("POST", "auth/kubernetes/config", """{"kubernetes_ca_cert":""}""", null, ct);
        var noNames = await h.SendAsync("POST", "auth/kubernetes/role/x", """{"bound_service_account_namespaces":["a"]}""", null, ct);
        var config = await h.SendAsync("GET", "auth/kubernetes/config", null, null, ct);
        var role = await h.SendAsync("GET", "auth/kubernetes/role/syncer", null, null, ct);
        var methods = await h.SendAsync("GET", "sys/auth", null, null, ct);
        var policy = await h.SendAsync("GET", "sys/policies/acl/syncer", null, null, ct);

        Assert.Equal((400, "path is already in use at kubernetes/"), (enableTwice.Status, Error(enableTwice)));
        Assert.Equal((400, "no host provided"), (noHost.Status, Error(noHost)));
        Assert.Equal((400, "\"bound_service_account_names\" can not be empty"), (noNames.Status, Error(noNames)));
        Assert.Equal((h.Kube.BaseAddress.ToString().TrimEnd('/'), false), ((string?)config.Json!["data"]!["kubernetes_host"], (bool?)config.Json["data"]!["token_reviewer_jwt_set"]));
        Assert.Equal(("vault", 3600L), ((string?)role.Json!["data"]!["audience"], (long?)role.Json["data"]!["token_ttl"]));
        Assert.Equal("kubernetes", (string?)methods.Json!["data"]!["kubernetes/"]!["type"]);
        Assert.Equal("kubernetes", (string?)methods.Json["kubernetes/"]!["type"]); // sys/auth is a legacy route: data at the top too
        Assert.Contains("path \"secret/data/*\"", (string?)policy.Json!["data"]!["policy"], StringComparison.Ordinal);
    }

    private static string Login(string jwt) => new JsonObject { ["role"] = "syncer", ["jwt"] = jwt }.ToJsonString();

    private static string Error((int Status, JsonNode? Json) reply) => (string)reply.Json!["errors"]![0]!;

    /// <summary>Both doubles, Vault in the cluster, configured as steps.sh vault-config does it over HTTP.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly HttpClient _http;

        private Harness(KubeApiDouble kube, VaultDouble vault, FakeTimeProvider kubeClock)
        {
            Kube = kube;
            Vault = vault;
            KubeClock = kubeClock;
            Admin = new k8s.Kubernetes(kube.CreateClientConfiguration());
            _http = new HttpClient { BaseAddress = vault.Address };
        }

        public KubeApiDouble Kube { get; }

        public VaultDouble Vault { get; }

        public FakeTimeProvider KubeClock { get; }

        public IKubernetes Admin { get; }

        public static async Task<Harness> StartAsync(CancellationToken ct)
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var kube = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = ["syncer-system", "shop"], TimeProvider = clock }, ct);
            var vault = await VaultDouble.StartAsync(cancellationToken: ct);
            await VaultInCluster.ConnectAsync(kube, vault, ct);
            var h = new Harness(kube, vault, clock);
            vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["password"] = "p" });
            await h.SendAsync("POST", "sys/auth/kubernetes", """{"type":"kubernetes"}""", null, ct);
            await h.SendAsync("POST", "auth/kubernetes/config", new JsonObject { ["kubernetes_host"] = kube.BaseAddress.ToString().TrimEnd('/') }.ToJsonString(), null, ct);
            await h.SendAsync("PUT", "sys/policies/acl/syncer", new JsonObject { ["policy"] = "# Syncer\npath \"secret/data/*\" { capabilities = [\"read\"] }\n" }.ToJsonString(), null, ct);
            await h.SendAsync("POST", "auth/kubernetes/role/syncer", """
                {"bound_service_account_names":["syncer"],"bound_service_account_namespaces":["syncer-system"],
                 "audience":"vault","token_policies":["syncer"],"token_ttl":"1h","token_max_ttl":"4h"}
                """, null, ct);
            return h;
        }

        public async Task<string> TokenAsync(string ns, string name, string? audience, CancellationToken ct, long seconds = 600)
        {
            if ((await Admin.CoreV1.ListNamespacedServiceAccountAsync(ns, fieldSelector: $"metadata.name={name}", cancellationToken: ct)).Items.Count == 0)
            {
                await Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, ns, cancellationToken: ct);
            }

            return (await Admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
            {
                Spec = new V1TokenRequestSpec { Audiences = audience is null ? null : [audience], ExpirationSeconds = seconds },
            }, name, ns, cancellationToken: ct)).Status.Token;
        }

        public async Task<string> UidAsync(string ns, string name, CancellationToken ct) =>
            (await Admin.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: ct)).Metadata.Uid;

        public async Task<(int Status, JsonNode? Json)> SendAsync(string method, string path, string? json, string? token, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), "/v1/" + path);
            if ((token ?? Vault.RootToken) is { Length: > 0 } t)
            {
                request.Headers.Add("X-Vault-Token", t);
            }

            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            }

            using var response = await _http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return ((int)response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body));
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            Admin.Dispose();
            await Vault.DisposeAsync();
            await Kube.DisposeAsync();
        }
    }
}
