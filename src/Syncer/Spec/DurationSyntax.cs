using System.Globalization;
using System.Text;

namespace Syncer.Spec;

/// <summary>
/// Durations as users write them in annotations: <c>30s</c>, <c>5m</c>, <c>1h</c>, or combined in descending order
/// (<c>1h30m</c>). Hand-written: <see cref="TimeSpan.Parse(string)"/> takes <c>00:05:00</c>, not <c>5m</c>.
/// </summary>
internal static class DurationSyntax
{
    private const string Expected = "use a whole number and a unit s, m or h (e.g. 30s, 5m, 1h30m)";

    /// <summary>Returns null and the duration when <paramref name="text"/> is valid, else why not.</summary>
    public static string? TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.Length == 0)
        {
            return $"is empty; {Expected}";
        }

        if (text[0] == '-')
        {
            return "is negative; the interval must be positive";
        }

        var i = 0;
        var lastUnitRank = int.MaxValue;
        long totalSeconds = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return $"is not a duration; {Expected}";
            }

            if (i < text.Length && text[i] is '.' or ',')
            {
                return "has a fraction; use a smaller unit instead (e.g. 90m rather than 1.5h)";
            }

            if (i == text.Length)
            {
                return $"has no unit; {Expected}";
            }

            var (rank, seconds) = text[i] switch
            {
                'h' => (3, 3600L),
                'm' => (2, 60L),
                's' => (1, 1L),
                _ => (0, 0L),
            };
            if (rank == 0)
            {
                return $"has unknown unit '{text[i]}'; {Expected}";
            }

            if (rank >= lastUnitRank)
            {
                return "repeats a unit or has units out of order; write h, then m, then s (e.g. 1h30m)";
            }

            if (!long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || amount > TimeSpan.MaxValue.TotalSeconds / seconds
                || (totalSeconds += amount * seconds) > 366L * 24 * 3600)
            {
                return "is too large; at most a year";
            }

            lastUnitRank = rank;
            i++;
        }

        if (totalSeconds == 0)
        {
            return "is zero; the interval must be positive";
        }

        duration = TimeSpan.FromSeconds(totalSeconds);
        return null;
    }

    /// <summary>Writes a duration the way <see cref="TryParse"/> reads it (<c>1h30m</c>, <c>45s</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds <= 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        AppendPart(sb, seconds / 3600, 'h');
        AppendPart(sb, seconds / 60 % 60, 'm');
        AppendPart(sb, seconds % 60, 's');
        return sb.ToString();
    }

    private static void AppendPart(StringBuilder sb, long value, char unit)
    {
        if (value > 0)
        {
            sb.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
