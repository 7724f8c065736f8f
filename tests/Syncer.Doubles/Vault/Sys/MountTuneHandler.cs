using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Kv;
using Syncer.Doubles.Vault.Mounts;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Sys;

/// <summary>
/// GET and POST sys/mounts/&lt;path&gt;/tune (V:vault/logical_system.go handleTuneReadCommon, handleTuneWriteCommon,
/// tuneMountTTLs): default_lease_ttl and max_lease_ttl ("" keeps, "system" resets), description and options, where
/// options.version 1 to 2 upgrades a KV mount and a downgrade is refused. Other tunables are accepted and ignored.
/// </summary>
internal static class MountTuneHandler
{
    /// <summary>Mounts whose settings cannot be tuned (V:vault/mount.go untunableMounts).</summary>
    private static readonly string[] Untunable = ["cubbyhole/", "sys/", "audit/", "identity/"];

    public static VaultResponse Handle(VaultState state, VaultRequest request, string path) => request.Operation switch
    {
        VaultOperation.Read => state.Mounts.Find(path) is { } hit
            ? VaultResponse.InjectedEnvelope(MountJson.Tune(hit.Mount), "system")
            : BadRequest($"cannot fetch sysview for path {GoQuote.Quote(path + "/")}"),
        VaultOperation.Write => Write(state, request, path),
        _ => BackendErrors.UnsupportedOperation(),
    };

    private static VaultResponse Write(VaultState state, VaultRequest request, string path)
    {
        if (Untunable.Any(p => (path + "/").StartsWith(p, StringComparison.Ordinal)))
        {
            return BadRequest($"cannot tune {GoQuote.Quote(path + "/")}");
        }

        if (state.Mounts.Find(path) is not { Mount: var mount })
        {
            return BadRequest($"tune of path {GoQuote.Quote(path + "/")} failed: no mount entry found");
        }

        var body = request.Body;
        if (!MountTtl.TryParse(body["default_lease_ttl"], out var newDefault, out var error)
            || !MountTtl.TryParse(body["max_lease_ttl"], out var newMax, out error))
        {
            return BadRequest(error!);
        }

        var defaultTtl = newDefault ?? mount.DefaultLeaseTtl;
        var maxTtl = newMax ?? mount.MaxLeaseTtl;
        if (defaultTtl > TimeSpan.Zero && maxTtl > TimeSpan.Zero && maxTtl < defaultTtl)
        {
            return BadRequest($"backend max lease TTL of {MountTtl.Seconds(maxTtl)} would be less than backend default lease TTL of {MountTtl.Seconds(defaultTtl)}");
        }

        mount.DefaultLeaseTtl = defaultTtl;
        mount.MaxLeaseTtl = maxTtl;
        if (body.ContainsKey("description") && body["description"] is { } description)
        {
            mount.Description = description.ToString();
        }

        var options = MountRequest.ParseOptions(body["options"] as JsonObject);
        return options.Count == 0 ? VaultResponse.NoContent() : TuneOptions(state, mount, options);
    }

    /// <summary>The options part: version checks first, then a merge where "" deletes a key (but never "version").</summary>
    private static VaultResponse TuneOptions(VaultState state, MountEntry mount, IReadOnlyDictionary<string, string> options)
    {
        string? warning = null;
        if (options.TryGetValue("version", out var text))
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
            {
                return BadRequest($"unable to parse options: strconv.ParseInt: parsing {GoQuote.Quote(text)}: invalid syntax");
            }

            if (version is not (1 or 2))
            {
                return BadRequest($"invalid version provided: {version}");
            }

            var current = mount.OptionsVersion;
            if (current > version)
            {
                return BadRequest($"cannot downgrade mount from version {current}");
            }

            if (current < version)
            {
                warning = $"Upgrading mount from version {current} to version {version}. This mount will be unavailable for a brief period and will resume service shortly.";
            }
        }

        var merged = new Dictionary<string, string>(mount.Options ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in options)
        {
            if (value.Length == 0 && key != "version")
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        mount.Options = merged;
        if (warning is not null && mount.Engine is KvEngine kv && merged["version"] == "2")
        {
            kv.Upgrade(state.Now);
        }

        return warning is null ? VaultResponse.NoContent() : VaultResponse.Envelope(null, "system", StatusCodes.Status200OK, [warning]);
    }

    private static VaultResponse BadRequest(string message) => VaultResponse.Errors(StatusCodes.Status400BadRequest, message);
}
