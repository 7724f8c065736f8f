using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Engines;
using Syncer.Doubles.Vault.Kv;
using Syncer.Doubles.Vault.Mounts;

namespace Syncer.Doubles.Vault;

/// <summary>
/// A faithful double of the Vault HTTP API, served by Kestrel on loopback (http, or https for a chosen name). What it
/// implements and what it does not: docs/doubles-vault.md. Seeding and admin hooks below use no HTTP and are not counted.
/// </summary>
public sealed class VaultDouble : IAsyncDisposable
{
    private readonly VaultState _state;
    private readonly WebApplication _app;
    private readonly VaultPipeline _pipeline;
    private readonly VaultServingCertificate? _tls;

    private VaultDouble(VaultState state, WebApplication app, VaultPipeline pipeline, Uri address, string rootToken, RequestCounter requests, VaultFaults faults, VaultServingCertificate? tls)
    {
        _state = state;
        _app = app;
        _pipeline = pipeline;
        _tls = tls;
        Address = address;
        RootToken = rootToken;
        Requests = requests;
        Faults = faults;
    }

    public static async Task<VaultDouble> StartAsync(VaultDoubleOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new VaultDoubleOptions();
        var state = new VaultState(options.TimeProvider);
        var rootToken = options.RootToken ?? "hvs." + TokenStore.Random(24);
        state.Tokens.AddRoot(rootToken, state.Now);
        foreach (var mount in options.Mounts)
        {
            Enable(state, mount);
        }

        var requests = new RequestCounter();
        var faults = new VaultFaults();
        var pipeline = new VaultPipeline(state, faults, requests);
        var tls = options.TlsServerName is { } name ? VaultServingCertificate.Issue(name) : null;
        var (app, address) = await LoopbackHost.StartAsync(
            requests, a => a.Map("/v1/{**path}", pipeline.InvokeAsync), options.Port, cancellationToken, tls?.Server);
        return new VaultDouble(state, app, pipeline, address, rootToken, requests, faults, tls);
    }

    /// <summary>With <see cref="VaultDoubleOptions.TlsServerName"/>: the PEM of the CA that signed the serving certificate.</summary>
    public string? CaCertificatePem => _tls?.AuthorityPem;

    /// <summary>e.g. http://127.0.0.1:8200 (what VAULT_ADDR holds).</summary>
    public Uri Address { get; }

    /// <summary>A non-expiring root token (policy "root").</summary>
    public string RootToken { get; }

    /// <summary>Counts by (HTTP method as received, path after /v1/ without the query), e.g. ("GET", "secret/data/shop/db").</summary>
    public RequestCounter Requests { get; }

    public VaultFaults Faults { get; }

    /// <summary>While true every request but sys/health answers 503 {"errors":["Vault is sealed"]}.</summary>
    public bool Sealed
    {
        get => Locked(() => _state.Sealed);
        set => Locked(() => _state.Sealed = value);
    }

    /// <summary>
    /// Off (default): a denied request answers 403 {"errors":["permission denied"]} and a bad token
    /// {"errors":["permission denied","invalid token"]}. On: both answer Go's multierror text
    /// {"errors":["1 error occurred:\n\t* permission denied\n\n"]} as older servers did.
    /// </summary>
    public bool LegacyPermissionDeniedErrors
    {
        get => Locked(() => _state.LegacyPermissionDenied);
        set => Locked(() => _state.LegacyPermissionDenied = value);
    }

    /// <summary>
    /// When true the double behaves as a Vault Agent/Proxy with require_request_header: a request without
    /// "X-Vault-Request: true" answers 412 {"errors":["missing \"X-Vault-Request\" header"]}.
    /// </summary>
    public bool RequireRequestHeader
    {
        get => Locked(() => _state.RequireRequestHeader);
        set => Locked(() => _state.RequireRequestHeader = value);
    }

    /// <summary>Successful Kubernetes and AppRole logins so far.</summary>
    public long SuccessfulLogins => Locked(() => _state.SuccessfulLogins);

    /// <summary>X-Vault-Namespace values received. Namespaces are accepted and recorded, never used to partition data.</summary>
    public IReadOnlyCollection<string> SeenNamespaces => Locked(() => _state.SeenNamespaces.ToArray());

    /// <summary>Credentials minted so far by reads of &lt;database mount&gt;/creds/&lt;role&gt;.</summary>
    public long IssuedDatabaseCredentials => Locked(() => _state.IssuedDatabaseCredentials);

    /// <summary>
    /// Enables (or re-enables, empty) a KV mount ("secret" is v2 and "kv" is v1 at start). A seeding shortcut: unlike
    /// <see cref="EnableMount"/> and the HTTP API it checks no conflicts, so a test can place a mount inside another.
    /// </summary>
    public void EnableKv(string mount, int version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, 2);
        Locked(() => _state.Mounts.Put(MountTable.Kv(mount.Trim('/'), version, "")));
    }

    /// <summary>Enables a secrets engine as <c>POST sys/mounts/&lt;path&gt;</c> does; Vault's 400 message becomes an InvalidOperationException.</summary>
    public void EnableMount(VaultMount mount) => Locked(() => Enable(_state, mount));

    /// <summary>Disables a mount and drops its data, as <c>DELETE sys/mounts/&lt;path&gt;</c> does (nothing there: nothing happens).</summary>
    public void DisableMount(string path) => Locked(() =>
    {
        if (Mounting.Disable(_state.Mounts, path) is { } error)
        {
            throw new InvalidOperationException(error);
        }
    });

    /// <summary>
    /// A role of a database mount: each read of &lt;mount&gt;/creds/&lt;role&gt; then mints a credential with a lease
    /// of <paramref name="defaultTtl"/> (zero: the mount's default), as the real engine does.
    /// </summary>
    public void AddDatabaseRole(string mount, string role, TimeSpan defaultTtl = default, string dbName = "db") => Locked(() =>
    {
        var engine = _state.Mounts.Exact(mount.Trim('/'))?.Engine as DatabaseEngine
            ?? throw new InvalidOperationException($"No database mount \"{mount}\".");
        engine.AddRole(role, dbName, defaultTtl);
    });

    /// <summary>Writes a secret; values are JSON-serialised (strings, numbers, nested objects). Returns the new v2 version (0 on v1).</summary>
    public int WriteSecret(string mount, string path, IReadOnlyDictionary<string, object?> data)
    {
        var json = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, JsonSerializer.SerializeToNode(kv.Value))));
        return Locked(() =>
        {
            var kv = Mount(mount);
            if (kv.Version == 1)
            {
                kv.Flat[path.Trim('/')] = json;
                return 0;
            }

            return KvV2Store.Write(kv, path.Trim('/'), json, _state.Now).Version;
        });
    }

    /// <summary>The current version's data as JSON, or null when absent, deleted or destroyed.</summary>
    public string? ReadSecretJson(string mount, string path) => Locked(() =>
    {
        var kv = Mount(mount);
        if (kv.Version == 1)
        {
            return kv.Flat.TryGetValue(path.Trim('/'), out var flat) ? flat.ToJsonString() : null;
        }

        return kv.Secrets.TryGetValue(path.Trim('/'), out var secret)
            && secret.Versions.TryGetValue(secret.CurrentVersion, out var v) && !v.Destroyed && !v.IsDeleted(_state.Now)
                ? v.Data!.ToJsonString()
                : null;
    });

    /// <summary>Soft-deletes versions now (as POST delete/ does).</summary>
    public void DeleteVersions(string mount, string path, params int[] versions) =>
        Locked(() => KvV2Store.Delete(Mount(mount), path.Trim('/'), versions, _state.Now));

    public void DestroyVersions(string mount, string path, params int[] versions) =>
        Locked(() => KvV2Store.Destroy(Mount(mount), path.Trim('/'), versions));

    /// <summary>Sets a version's deletion time directly; a future time leaves it readable until then, null undeletes.</summary>
    public void SetDeletionTime(string mount, string path, int version, DateTimeOffset? deletionTime) => Locked(() =>
        Mount(mount).Secrets[path.Trim('/')].Versions[version].DeletionTime = deletionTime);

    /// <summary>The engine config of a v2 mount (as POST &lt;mount&gt;/config): cas_required, max_versions, delete_version_after.</summary>
    public void ConfigureKv(string mount, bool casRequired = false, int maxVersions = 0, TimeSpan deleteVersionAfter = default) => Locked(() =>
    {
        var kv = Mount(mount);
        kv.CasRequired = casRequired;
        kv.MaxVersions = maxVersions;
        kv.DeleteVersionAfter = deleteVersionAfter;
    });

    /// <summary>A key's metadata (as POST &lt;mount&gt;/metadata/&lt;path&gt;); null leaves a field as it is. Creates the key's metadata.</summary>
    public void SetKeyMetadata(string mount, string path, bool? casRequired = null, TimeSpan? deleteVersionAfter = null,
        int? maxVersions = null, IReadOnlyDictionary<string, string>? customMetadata = null) => Locked(() =>
    {
        var kv = Mount(mount);
        if (!kv.Secrets.TryGetValue(path.Trim('/'), out var secret))
        {
            secret = new KvSecret { CreatedTime = _state.Now, UpdatedTime = _state.Now };
            kv.Secrets[path.Trim('/')] = secret;
        }

        secret.CasRequired = casRequired ?? secret.CasRequired;
        secret.DeleteVersionAfter = deleteVersionAfter ?? secret.DeleteVersionAfter;
        secret.MaxVersions = maxVersions ?? secret.MaxVersions;
        secret.CustomMetadata = customMetadata is null ? secret.CustomMetadata : new Dictionary<string, string>(customMetadata, StringComparer.Ordinal);
    });

    /// <summary>Creates or replaces an ACL policy.</summary>
    public void PutPolicy(string name, params PolicyRule[] rules) => Locked(() => _state.Policies.Put(name, rules));

    /// <summary>Mints a token (as auth/token/create: not orphan, no entity); returns it.</summary>
    public string CreateToken(TokenSpec spec) =>
        Locked(() => _state.Tokens.Mint(spec, _state.Now, "auth/token/create", "token").Id);

    public void RevokeToken(string token) => Locked(() =>
    {
        if (_state.Tokens.Find(token) is { } found)
        {
            found.Revoked = true;
        }
    });

    /// <summary>True while the token exists, is not revoked and has not expired (on the double's clock).</summary>
    public bool IsTokenValid(string token) => Locked(() => _state.Tokens.Find(token)?.IsValid(_state.Now) == true);

    /// <summary>Registers a Kubernetes-auth role and the service-account JWT that may log in with it.</summary>
    public void AddKubernetesRole(string role, string serviceAccountJwt, TokenSpec issued, string mount = "kubernetes") =>
        Locked(() => _state.KubernetesRoles[(mount.Trim('/'), role)] = (serviceAccountJwt, issued));

    /// <summary>
    /// Plays a Vault running in a pod: the service-account token and CA it would find in
    /// /var/run/secrets/kubernetes.io/serviceaccount. Kubernetes auth uses them for TokenReview when its config
    /// gives no token_reviewer_jwt or kubernetes_ca_cert (and disable_local_ca_jwt is false), as Vault in a pod does.
    /// </summary>
    public void SetLocalServiceAccount(string jwt, string caPem) => Locked(() => _state.LocalServiceAccount = new LocalServiceAccount(jwt, caPem));

    public void AddAppRole(string roleId, string secretId, TokenSpec issued) =>
        Locked(() => _state.AppRoles[roleId] = (secretId, issued));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _pipeline.Dispose();
        _tls?.Dispose();
    }

    private static void Enable(VaultState state, VaultMount mount)
    {
        var (_, error) = Mounting.Enable(state.Mounts, MountRequest.From(mount));
        if (error is not null)
        {
            throw new InvalidOperationException($"Cannot mount {mount.Type} at \"{mount.Path}\": {error}");
        }
    }

    private KvMount Mount(string mount) =>
        _state.Mounts.Exact(mount.Trim('/'))?.Engine is KvEngine kv ? kv.Store : throw new InvalidOperationException($"No KV mount \"{mount}\".");

    private T Locked<T>(Func<T> action)
    {
        lock (_state.Gate)
        {
            return action();
        }
    }

    private void Locked(Action action)
    {
        lock (_state.Gate)
        {
            action();
        }
    }
}
