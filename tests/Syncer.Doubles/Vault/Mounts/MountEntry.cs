using System.Security.Cryptography;

namespace Syncer.Doubles.Vault.Mounts;

/// <summary>One entry of the secrets mount table (V:vault/mount.go MountEntry) and the engine that serves it.</summary>
internal sealed class MountEntry(string path, string type, ISecretsEngine engine)
{
    /// <summary>The system default and maximum lease TTL of `vault server -dev` (768h), used where a mount sets none.</summary>
    public static readonly TimeSpan SystemLeaseTtl = TimeSpan.FromHours(768);

    /// <summary>The mount path without leading or trailing slashes, e.g. "secret" or "team/kv".</summary>
    public string Path { get; } = path;

    /// <summary>"kv" for KV v1 and v2 alike (the version is in <see cref="Options"/>), "system", "database", ...</summary>
    public string Type { get; } = type;

    public ISecretsEngine Engine { get; } = engine;

    /// <summary>As generateMountAccessor: the type, "_" and 8 hex digits, e.g. "kv_1a2b3c4d".</summary>
    public string Accessor { get; } = type + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public string Uuid { get; } = Guid.NewGuid().ToString();

    public string Description { get; set; } = "";

    /// <summary>Null for the built-in mounts (sys, cubbyhole, identity); {} for a mount enabled without options.</summary>
    public Dictionary<string, string>? Options { get; set; }

    /// <summary>Zero: the system default (what sys/mounts reports as 0 and the tune endpoint resolves).</summary>
    public TimeSpan DefaultLeaseTtl { get; set; }

    public TimeSpan MaxLeaseTtl { get; set; }

    public bool ForceNoCache { get; init; }

    public bool Local { get; init; }

    public bool SealWrap { get; init; }

    public bool ExternalEntropyAccess { get; init; }

    public IReadOnlyList<string> PassthroughRequestHeaders { get; init; } = [];

    /// <summary>The TTL a lease of this mount gets by default (the mount's own, else the system's).</summary>
    public TimeSpan EffectiveDefaultTtl => DefaultLeaseTtl > TimeSpan.Zero ? DefaultLeaseTtl : SystemLeaseTtl;

    public TimeSpan EffectiveMaxTtl => MaxLeaseTtl > TimeSpan.Zero ? MaxLeaseTtl : SystemLeaseTtl;

    /// <summary>The options' "version" as parseutil.ParseInt reads it: missing or "" is 0.</summary>
    public int OptionsVersion => Options?.GetValueOrDefault("version") is { Length: > 0 } v && int.TryParse(v, out var n) ? n : 0;
}
