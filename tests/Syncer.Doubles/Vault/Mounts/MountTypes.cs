using Syncer.Doubles.Vault.Engines;
using Syncer.Doubles.Vault.Kv;
using Syncer.Doubles.Vault.Sys;

namespace Syncer.Doubles.Vault.Mounts;

/// <summary>
/// The secrets engine types the double can mount (Vault's builtin plugin catalog, V:helper/builtinplugins/registry.go)
/// and the engine that answers each. database, transit, pki and cubbyhole model a few paths; the other types are
/// mounted and listed but answer every path as a path their engine does not have.
/// </summary>
internal static class MountTypes
{
    /// <summary>The secrets engines built into the Vault binary itself: they report "v&lt;vault version&gt;+builtin.vault".</summary>
    private static readonly string[] InRepository = ["aws", "consul", "database", "nomad", "pki", "rabbitmq", "ssh", "totp", "transit"];

    /// <summary>Types that exist once, at their own path (V:vault/mount.go singletonMounts).</summary>
    private static readonly string[] Singletons = ["cubbyhole", "system", "token", "identity"];

    /// <summary>KV is its own plugin (vault-plugin-secrets-kv) with its own version.</summary>
    private const string KvPluginVersion = "v0.18.0+builtin";

    public static bool IsSingleton(string type) => Singletons.Contains(type, StringComparer.Ordinal);

    public static bool IsInCatalog(string type) => type == "kv" || InRepository.Contains(type, StringComparer.Ordinal);

    public static string RunningPluginVersion(string type) => type == "kv" ? KvPluginVersion : "v" + SysHandler.Version + "+builtin.vault";

    /// <summary>Builtins in the catalog report "supported"; sys, cubbyhole and identity report none (the field is left out).</summary>
    public static string? DeprecationStatus(string type) => IsInCatalog(type) ? "supported" : null;

    /// <summary>A fresh engine (no data) for a mount of <paramref name="type"/>; KV reads its version from the options.</summary>
    public static ISecretsEngine CreateEngine(string type, IReadOnlyDictionary<string, string>? options) => type switch
    {
        "kv" => new KvEngine(options?.GetValueOrDefault("version") == "2" ? 2 : 1),
        "system" => SystemEngine.Instance,
        "cubbyhole" => new CubbyholeEngine(),
        "database" => new DatabaseEngine(),
        "transit" => new TransitEngine(),
        "pki" => PkiEngine.Instance,
        _ => UnmodelledEngine.Instance,
    };
}
