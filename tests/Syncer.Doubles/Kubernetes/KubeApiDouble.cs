using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Auth;
using Syncer.Doubles.Kubernetes.Http;
using Syncer.Doubles.Kubernetes.Reviews;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes;

/// <summary>
/// A faithful double of the Kubernetes API server, served by Kestrel on loopback over TLS with a CA of its own
/// (issued at start). What it does not do is listed in docs/doubles-kubernetes.md.
/// </summary>
public sealed class KubeApiDouble : IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly ServiceAccountTokens _serviceAccountTokens = new();
    private readonly Authenticator _tokens;
    private readonly Authorizer _authorizer;
    private readonly KubeApiServer _server;
    private readonly ServingCertificates _certificates;
    private int _nextUser;
    private WebApplication? _app;

    private KubeApiDouble(KubeApiDoubleOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WatchHistory, 1);
        _certificates = ServingCertificates.Issue();
        _store = new ObjectStore(options.TimeProvider, options.WatchHistory);
        _tokens = new Authenticator(_store, _serviceAccountTokens, options.TimeProvider);
        AdminToken = "admin-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        _tokens.Add(AdminToken, new UserInfo("kubernetes-admin", "", [UserInfo.Masters, UserInfo.Authenticated]));
        var authorizer = _authorizer = new Authorizer(new RbacAuthorizer(_store));
        var reviews = new ReviewEndpoints(_store, _tokens, authorizer, _serviceAccountTokens, options.TimeProvider);
        _server = new KubeApiServer(_store, new ApiResources(_store), Faults, _tokens, authorizer, reviews, Requests, options);
        foreach (var ns in new[] { "default", "kube-system", "kube-public" }.Concat(options.Namespaces).Distinct())
        {
            AddNamespace(ns);
        }

        foreach (var (type, obj) in BootstrapPolicy.Objects())
        {
            Rules.ResourceRules.PrepareCreate(type, obj);
            _store.Create(type, obj, _ => { });
        }
    }

    /// <summary>Starts the double on 127.0.0.1 and a free port.</summary>
    public static async Task<KubeApiDouble> StartAsync(KubeApiDoubleOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubeApiDoubleOptions();
        var kube = new KubeApiDouble(options);
        var (app, baseAddress) = await LoopbackHost.StartAsync(kube.Requests,
            a => a.Map("/{**path}", context =>
            {
                kube.Log.Record(context.Request);
                return kube._server.HandleAsync(context);
            }), options.Port, cancellationToken, kube._certificates.Server);
        kube._app = app;
        kube.BaseAddress = baseAddress;
        kube._server.BaseAddress = baseAddress;
        return kube;
    }

    /// <summary>e.g. https://127.0.0.1:41234</summary>
    public Uri BaseAddress { get; private set; } = new("https://127.0.0.1/");

    /// <summary>The CA that issued the serving certificate, PEM (what the kubeconfig's certificate-authority-data holds).</summary>
    public string CertificateAuthorityPem => _certificates.AuthorityPem;

    /// <summary>A bearer token of user "kubernetes-admin" in group system:masters: every verb on everything, as kind's admin.</summary>
    public string AdminToken { get; }

    /// <summary>
    /// The issuer of service-account tokens (TokenRequest) and the API server's own audience: kubeadm's default,
    /// https://kubernetes.default.svc.cluster.local. The API server accepts only tokens with that audience.
    /// </summary>
    public static string ServiceAccountIssuer => ServiceAccountTokens.Issuer;

    /// <summary>The public key that verifies service-account tokens, PEM (what Vault's pem_keys would hold).</summary>
    public string ServiceAccountPublicKeyPem => _serviceAccountTokens.PublicKeyPem;

    /// <summary>
    /// Counts by (Kubernetes verb, resource plural), e.g. ("patch", "secrets"); subresources as "deployments/status".
    /// Requests with a token counted apart (the cluster controllers') are not in here.
    /// </summary>
    public RequestCounter Requests { get; } = new();

    /// <summary>The last requests as sent (method, path, query, Accept).</summary>
    public RequestLog Log { get; } = new();

    /// <summary>Fault injection: latency, error rates per verb and resource, forced conflicts, dropped watches.</summary>
    public KubeFaults Faults { get; } = new();

    /// <summary>The messages of the last 403 Forbidden answers, oldest first (what a missing RBAC verb looks like).</summary>
    public IReadOnlyList<string> Denials => _authorizer.Denials;

    /// <summary>The store's current (cluster-wide) resourceVersion.</summary>
    public long ResourceVersion => _store.ResourceVersion;

    /// <summary>
    /// Registers a static bearer token (as a --token-auth-file entry) limited to the given rules, which an authorizer
    /// of their own grants before RBAC (a denied call answers 403 Forbidden as RBAC does). RBAC bindings to the
    /// token's user or to system:authenticated apply too. For RBAC alone, use a ServiceAccount's TokenRequest.
    /// </summary>
    public void AddToken(string token, params AccessRule[] rules) => AddToken(token, $"user-{Interlocked.Increment(ref _nextUser)}", rules);

    /// <summary>As <see cref="AddToken(string, AccessRule[])"/>, naming the user that 403 messages show.</summary>
    public void AddToken(string token, string user, params AccessRule[] rules) =>
        _tokens.Add(token, new UserInfo(user, "", [UserInfo.Authenticated], rules));

    /// <summary>
    /// As <see cref="AddToken(string, string, AccessRule[])"/> for a component beside the API server (the cluster
    /// controllers): its requests are counted in <paramref name="requests"/>, not in <see cref="Requests"/>, so
    /// the figures tests and benchmarks take of Syncer's traffic leave the component's own out.
    /// </summary>
    public void AddToken(string token, string user, RequestCounter requests, params AccessRule[] rules)
    {
        _tokens.CountApart(token, requests);
        AddToken(token, user, rules);
    }

    /// <summary>Creates a namespace without going through HTTP (not counted). No-op if it exists.</summary>
    public void AddNamespace(string name)
    {
        if (!_store.NamespaceExists(name))
        {
            var ns = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } };
            Rules.ResourceRules.PrepareCreate(ResourceCatalog.Namespaces, ns);
            _store.Create(ResourceCatalog.Namespaces, ns, _ => { });
        }
    }

    /// <summary>
    /// A client configuration for the real KubernetesClient: https, this double's CA, the admin token unless
    /// another is given ("" for none).
    /// </summary>
    public KubernetesClientConfiguration CreateClientConfiguration(string? token = null) => new()
    {
        Host = BaseAddress.GetLeftPart(UriPartial.Authority),
        AccessToken = token ?? AdminToken,
        SslCaCerts = [X509CertificateLoader.LoadCertificate(_certificates.Authority.RawData)],
    };

    /// <summary>A raw HttpClient on <see cref="BaseAddress"/> that trusts this double's CA (no credentials set).</summary>
    public HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { X509CertificateLoader.LoadCertificate(_certificates.Authority.RawData) },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    /// <summary>
    /// Writes a kubeconfig usable by kubectl and by KubernetesClient (server URL, certificate-authority-data, the
    /// token in users[].user.token; "" writes none); returns the path.
    /// </summary>
    public string WriteKubeconfig(string path, string? token = null)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, Kubeconfig.Render(BaseAddress, CertificateAuthorityPem, token ?? AdminToken));
        return full;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            Faults.DropWatches();
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }

        _certificates.Dispose();
        _serviceAccountTokens.Dispose();
    }
}
