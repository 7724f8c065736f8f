namespace Syncer.Doubles.Vault;

/// <summary>
/// A secrets engine to mount, as `vault secrets enable -path=&lt;Path&gt; &lt;Type&gt;` would: Type "kv" (with
/// Options {"version": "2"} for KV v2, or "kv-v2"), "database", "transit", "pki", ... Validated as
/// <c>POST sys/mounts/&lt;path&gt;</c> validates it (docs/doubles-vault.md).
/// </summary>
public sealed record VaultMount(string Path, string Type)
{
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Zero: the system default (768h).</summary>
    public TimeSpan DefaultLeaseTtl { get; init; }

    /// <summary>Zero: the system maximum (768h).</summary>
    public TimeSpan MaxLeaseTtl { get; init; }

    /// <summary>A KV mount of <paramref name="version"/> 1 or 2, as `vault secrets enable -path=&lt;path&gt; -version=N kv`.</summary>
    public static VaultMount Kv(string path, int version) =>
        new(path, "kv") { Options = new Dictionary<string, string> { ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
}
