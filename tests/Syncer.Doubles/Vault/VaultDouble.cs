namespace Syncer.Doubles.Vault;

// CONTRACT STUB (skeleton commit): the public surface other work codes against. The Vault-double work replaces
// the bodies; it may add members but must not rename or remove these.

/// <summary>A faithful double of the Vault HTTP API, served by Kestrel on loopback (http).</summary>
public sealed class VaultDouble : IAsyncDisposable
{
    public static Task<VaultDouble> StartAsync(VaultDoubleOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>e.g. http://127.0.0.1:8200 (what VAULT_ADDR holds).</summary>
    public Uri Address => throw new NotImplementedException();

    /// <summary>A non-expiring root token (policy "root").</summary>
    public string RootToken => throw new NotImplementedException();

    /// <summary>Counts by (HTTP method as received, path after /v1/ without the query), e.g. ("GET", "secret/data/shop/db").</summary>
    public RequestCounter Requests => throw new NotImplementedException();

    public VaultFaults Faults => throw new NotImplementedException();

    /// <summary>While true every request but sys/health answers 503 {"errors":["Vault is sealed"]}.</summary>
    public bool Sealed { get; set; }

    // ---- Seeding and admin hooks: no HTTP, not counted ----

    /// <summary>Enables a KV mount ("secret" is v2 and "kv" is v1 at start, as in `vault server -dev`).</summary>
    public void EnableKv(string mount, int version) => throw new NotImplementedException();

    /// <summary>Writes a secret; values are JSON-serialised (strings, numbers, nested objects). Returns the new v2 version (0 on v1).</summary>
    public int WriteSecret(string mount, string path, IReadOnlyDictionary<string, object?> data) => throw new NotImplementedException();

    public void DeleteVersions(string mount, string path, params int[] versions) => throw new NotImplementedException();

    public void DestroyVersions(string mount, string path, params int[] versions) => throw new NotImplementedException();

    /// <summary>Creates or replaces an ACL policy.</summary>
    public void PutPolicy(string name, params PolicyRule[] rules) => throw new NotImplementedException();

    /// <summary>Mints a token; returns it.</summary>
    public string CreateToken(TokenSpec spec) => throw new NotImplementedException();

    public void RevokeToken(string token) => throw new NotImplementedException();

    /// <summary>Registers a Kubernetes-auth role and the service-account JWT that may log in with it.</summary>
    public void AddKubernetesRole(string role, string serviceAccountJwt, TokenSpec issued, string mount = "kubernetes") => throw new NotImplementedException();

    public void AddAppRole(string roleId, string secretId, TokenSpec issued) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}

/// <summary>Path glob as in Vault ACLs ("secret/data/shop/*", "+" for one segment); capabilities read, list, create, update, delete, sudo, deny.</summary>
public sealed record PolicyRule(string Path, params string[] Capabilities);

/// <summary>What a minted or login-issued token looks like.</summary>
public sealed record TokenSpec(IReadOnlyList<string> Policies, TimeSpan Ttl, TimeSpan MaxTtl, bool Renewable = true);

public sealed class VaultDoubleOptions
{
    /// <summary>Drives token TTLs and KV deletion times; tests may pass a FakeTimeProvider.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Fixed root token (random when null).</summary>
    public string? RootToken { get; init; }

    /// <summary>Fixed port (0 = any free port).</summary>
    public int Port { get; init; }
}

public sealed class VaultFaults
{
    /// <summary>Added before every request is served.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// The next <paramref name="count"/> requests whose path (after /v1/) starts with <paramref name="pathPrefix"/>
    /// (null = any) answer <paramref name="statusCode"/>, with a Retry-After header when given ("2" or an RFC1123 date).
    /// </summary>
    public void FailNext(int count, int statusCode, string? retryAfter = null, string? pathPrefix = null) => throw new NotImplementedException();

    public void Clear() => throw new NotImplementedException();
}
