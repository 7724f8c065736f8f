namespace Syncer.Discovery;

/// <summary>Exponential backoff: attempt 1 waits <c>initial</c>, each later attempt twice the one before, capped.</summary>
internal static class ExponentialBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max)
    {
        if (initial >= max)
        {
            return max;
        }

        var exponent = Math.Clamp(attempt - 1, 0, 62);
        var ticks = initial.Ticks * Math.Pow(2, exponent);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
