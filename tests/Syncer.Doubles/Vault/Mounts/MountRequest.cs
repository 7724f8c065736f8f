using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syncer.Doubles.Vault.Mounts;

/// <summary>
/// The fields of <c>POST sys/mounts/&lt;path&gt;</c> (api.MountInput: type, description, config{default_lease_ttl,
/// max_lease_ttl, force_no_cache, plugin_name}, local, seal_wrap, external_entropy_access, options, plugin_name).
/// The seeding hooks build one from a <see cref="VaultMount"/>.
/// </summary>
internal sealed record MountRequest(string Path, string Type)
{
    public string Description { get; init; } = "";

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public TimeSpan DefaultLeaseTtl { get; init; }

    public TimeSpan MaxLeaseTtl { get; init; }

    public bool ForceNoCache { get; init; }

    public bool Local { get; init; }

    public bool SealWrap { get; init; }

    public bool ExternalEntropyAccess { get; init; }

    public string PluginName { get; init; } = "";

    public static MountRequest From(VaultMount mount) => new(mount.Path, mount.Type)
    {
        Description = mount.Description,
        Options = new Dictionary<string, string>(mount.Options ?? new Dictionary<string, string>(), StringComparer.Ordinal),
        DefaultLeaseTtl = mount.DefaultLeaseTtl,
        MaxLeaseTtl = mount.MaxLeaseTtl,
    };

    /// <summary>handleMount's parsing: the config's TTLs first (their errors are 400s with Go's text), then the rest.</summary>
    public static (MountRequest? Request, string? Error) Parse(string path, JsonObject body)
    {
        var config = body["config"] as JsonObject ?? [];
        if (!MountTtl.TryParse(config["default_lease_ttl"], out var defaultTtl, out var error))
        {
            return (null, $"unable to parse default TTL of {config["default_lease_ttl"]}: {error}");
        }

        if (!MountTtl.TryParse(config["max_lease_ttl"], out var maxTtl, out error))
        {
            return (null, $"unable to parse max TTL of {config["max_lease_ttl"]}: {error}");
        }

        return (new MountRequest(path, Text(body["type"]))
        {
            Description = Text(body["description"]),
            Options = ParseOptions(body["options"] as JsonObject),
            DefaultLeaseTtl = defaultTtl ?? TimeSpan.Zero,
            MaxLeaseTtl = maxTtl ?? TimeSpan.Zero,
            ForceNoCache = Flag(config["force_no_cache"]),
            Local = Flag(body["local"]),
            SealWrap = Flag(body["seal_wrap"]),
            ExternalEntropyAccess = Flag(body["external_entropy_access"]),
            PluginName = Text(config["plugin_name"]) is { Length: > 0 } fromConfig ? fromConfig : Text(body["plugin_name"]),
        }, null);
    }

    /// <summary>A map of strings (TypeKVPairs, weakly decoded: numbers and bools become their text).</summary>
    public static Dictionary<string, string> ParseOptions(JsonObject? options) =>
        options?.ToDictionary(kv => kv.Key, kv => Text(kv.Value), StringComparer.Ordinal) ?? new(StringComparer.Ordinal);

    private static string Text(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "",
        JsonValueKind.String => node.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static bool Flag(JsonNode? node) => node?.GetValueKind() == JsonValueKind.True;
}
