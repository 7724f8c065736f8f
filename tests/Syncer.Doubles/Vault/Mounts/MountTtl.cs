using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Mounts;

/// <summary>A lease TTL field of sys/mounts and its tune endpoint: "" keeps, "system" resets to 0, else parseutil.ParseDurationSecond.</summary>
internal static class MountTtl
{
    /// <summary>
    /// False with Go's error text when the value does not parse. <paramref name="value"/> is null when the field is
    /// absent or "" (keep what is set), zero for "system".
    /// </summary>
    public static bool TryParse(JsonNode? node, out TimeSpan? value, out string? error)
    {
        value = null;
        error = null;
        var text = node?.GetValueKind() switch
        {
            null or JsonValueKind.Null => "",
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number => node.ToJsonString(),
            _ => null,
        };
        if (text is null)
        {
            error = "unable to convert given mount config information";
            return false;
        }

        if (text.Length == 0)
        {
            return true;
        }

        if (text == "system")
        {
            value = TimeSpan.Zero;
            return true;
        }

        // ParseDurationSecond: a unit suffix goes to time.ParseDuration (plus "d"), anything else to strconv.ParseInt.
        var hasUnit = text[^1] is 's' or 'm' or 'h' or 'd';
        if ((hasUnit || long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) && GoDuration.TryParse(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = hasUnit
            ? $"time: invalid duration {GoQuote.Quote(text)}"
            : $"strconv.ParseInt: parsing {GoQuote.Quote(text)}: invalid syntax";
        return false;
    }

    public static long Seconds(TimeSpan ttl) => (long)ttl.TotalSeconds;
}
