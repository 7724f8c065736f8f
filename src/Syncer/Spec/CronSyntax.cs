using Quartz;

namespace Syncer.Spec;

/// <summary>
/// Checks <c>syncer.io/schedule</c> with Quartz's own parser (in UTC, as the trigger fires), then that it fires again
/// and repeats (a schedule with no future firing, or only one, would leave the Secret unrefreshed without a word), and
/// not too often. The shortest gap between its next firings is the schedule's interval: the read-cache window, so
/// every firing reads Vault afresh, and the bound of retries.
/// </summary>
internal static class CronSyntax
{
    private const int FiringsChecked = 8;

    /// <param name="shortestGap">The shortest gap among the next firings (set whenever the schedule is valid).</param>
    public static string? Check(string value, TimeSpan minimum, DateTimeOffset now, out TimeSpan? shortestGap)
    {
        shortestGap = null;
        if (value.Length == 0)
        {
            return "is empty; expected a Quartz cron expression (e.g. 0 0/5 * * * ?)";
        }

        CronExpression cron;
        try
        {
            cron = new CronExpression(value, TimeZoneInfo.Utc);
        }
        catch (FormatException ex)
        {
            // Quartz's own message says what is wrong (and explains the Unix five-field form).
            return $"is not a valid Quartz cron expression: {ex.Message.TrimEnd('.')}";
        }

        var previous = cron.GetNextValidTimeAfter(now);
        if (previous is null)
        {
            return "never fires again";
        }

        // A handful of consecutive firings is enough to catch "every second" and "every 10 seconds" styles.
        for (var i = 0; i < FiringsChecked; i++)
        {
            var next = cron.GetNextValidTimeAfter(previous.Value);
            if (next is null)
            {
                if (i == 0)
                {
                    return $"fires only once more ({previous.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}) and then never; a schedule must repeat";
                }

                break;
            }

            if (next.Value - previous.Value < minimum)
            {
                return $"fires every {DurationSyntax.Format(next.Value - previous.Value)} at times, more often than the minimum of {DurationSyntax.Format(minimum)}";
            }

            var gap = next.Value - previous.Value;
            shortestGap = shortestGap is { } shortest && shortest < gap ? shortest : gap;

            previous = next;
        }

        return null;
    }
}
