namespace Syncer.Doubles.Tests.Vault;

/// <summary>
/// The HTTP calls of the `vault` CLI for secrets engines (V:command/secrets_*.go over V:api/sys_mounts.go), byte for
/// byte as Go marshals api.MountInput and api.TuneMountConfigInput. The CLI is not installed here; these are what it sends.
/// </summary>
internal static class VaultCli
{
    /// <summary>`vault secrets enable [-path=&lt;path&gt;] [-version=N] &lt;type&gt;`: POST /v1/sys/mounts/&lt;path&gt;/ (with a trailing slash).</summary>
    public static Task<VaultReply> EnableAsync(VaultHarness h, string path, string type, int version = 0, string? token = null)
    {
        var options = version > 0 ? $$"""{"version":"{{version}}"}""" : "null";
        var body = $$"""{"type":"{{type}}","description":"","config":{"options":null,"default_lease_ttl":"0s","max_lease_ttl":"0s","force_no_cache":false},"local":false,"seal_wrap":false,"external_entropy_access":false,"options":{{options}}}""";
        return h.PostAsync($"sys/mounts/{path}/", body, token);
    }

    /// <summary>`vault secrets disable &lt;path&gt;`: DELETE /v1/sys/mounts/&lt;path&gt;/.</summary>
    public static Task<VaultReply> DisableAsync(VaultHarness h, string path, string? token = null) =>
        h.DeleteAsync($"sys/mounts/{path}/", token);

    /// <summary>`vault secrets list`: GET /v1/sys/mounts.</summary>
    public static Task<VaultReply> ListAsync(VaultHarness h, string? token = null) => h.GetAsync("sys/mounts", token);

    /// <summary>
    /// `vault secrets tune -default-lease-ttl=1h -description=... &lt;path&gt;`: POST /v1/sys/mounts/&lt;path&gt;//tune
    /// (the CLI adds a trailing slash before "/tune"; Vault's mux redirects that with 301 and the client follows once).
    /// </summary>
    public static string TuneBody(string defaultTtl = "", string maxTtl = "", string? description = null, string options = "null")
    {
        var descriptionField = description is null ? "" : $$""","description":"{{description}}" """.TrimEnd();
        return $$"""{"options":{{options}},"default_lease_ttl":"{{defaultTtl}}"{{descriptionField}},"max_lease_ttl":"{{maxTtl}}","force_no_cache":false}""";
    }
}
