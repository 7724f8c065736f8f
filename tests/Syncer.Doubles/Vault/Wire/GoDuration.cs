using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syncer.Doubles.Vault.Wire;

/// <summary>
/// Go time.Duration formatting and Vault's parseutil.ParseDurationSecond parsing (numbers are seconds, strings may
/// carry h/m/s/ms/d units). Hand-written: no .NET package speaks Go's duration syntax.
/// </summary>
internal static class GoDuration
{
    /// <summary>time.Duration.String() for whole and fractional seconds: "0s", "1h0m0s", "3h25m19s", "1.5s".</summary>
    public static string Format(TimeSpan d)
    {
        if (d == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (d < TimeSpan.Zero)
        {
            sb.Append('-');
            d = d.Negate();
        }

        var hours = (long)d.TotalHours;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || d.Minutes > 0)
        {
            sb.Append(d.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = d.Seconds + (d.Ticks % TimeSpan.TicksPerSecond / (decimal)TimeSpan.TicksPerSecond);
        sb.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        return sb.ToString();
    }

    /// <summary>Vault's humanDuration (sdk lease warnings): "784h0m0s" becomes "784h", "5m0s" becomes "5m".</summary>
    public static string Human(TimeSpan d)
    {
        var s = Format(d);
        if (s.EndsWith("m0s", StringComparison.Ordinal))
        {
            s = s[..^2];
        }

        var idx = s.IndexOf("h0m", StringComparison.Ordinal);
        return idx > 0 ? s[..(idx + 1)] + s[(idx + 3)..] : s;
    }

    public static bool TryParse(JsonNode? node, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (node is null)
        {
            return true;
        }

        if (node.GetValueKind() == JsonValueKind.Number)
        {
            value = TimeSpan.FromSeconds(node.GetValue<double>());
            return true;
        }

        return node.GetValueKind() == JsonValueKind.String && TryParse(node.GetValue<string>(), out value);
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        text = text.Trim();
        if (text.Length == 0)
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var secs))
        {
            value = TimeSpan.FromSeconds(secs);
            return true;
        }

        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            if (start == unitStart || !double.TryParse(text[start..unitStart], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            TimeSpan? part = text[unitStart..i] switch
            {
                "d" => TimeSpan.FromDays(n),
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                _ => null,
            };
            if (part is null)
            {
                return false;
            }

            value += part.Value;
        }

        return true;
    }
}
