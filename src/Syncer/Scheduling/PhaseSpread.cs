using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Syncer.Scheduling;

/// <summary>
/// Where in its interval a Secret fires: a phase taken from a hash of its uid, so thousands of Secrets spread evenly
/// over the interval, each keeps its phase across restarts and re-schedules, and nothing depends on when the
/// process started (the phase is aligned to the Unix epoch rather than to "now").
/// </summary>
internal static class PhaseSpread
{
    /// <summary>The uid's phase: a stable offset in [0, interval), at millisecond granularity.</summary>
    public static TimeSpan Phase(string uid, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var intervalMs = (ulong)Math.Max(1, (long)interval.TotalMilliseconds);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(uid), hash); // stable across processes, unlike string.GetHashCode
        return TimeSpan.FromMilliseconds(BinaryPrimitives.ReadUInt64LittleEndian(hash) % intervalMs);
    }

    /// <summary>The first instant at or after <paramref name="now"/> that lies on the uid's phase.</summary>
    public static DateTimeOffset NextFire(string uid, TimeSpan interval, DateTimeOffset now)
    {
        var intervalMs = Math.Max(1, (long)interval.TotalMilliseconds);
        var phaseMs = (long)Phase(uid, interval).TotalMilliseconds;
        var nowMs = now.ToUnixTimeMilliseconds();
        var wait = ((phaseMs - nowMs) % intervalMs + intervalMs) % intervalMs;
        return DateTimeOffset.FromUnixTimeMilliseconds(nowMs + wait);
    }

    /// <summary>A random extra delay in [0, min(maxJitter, interval / 10)).</summary>
    public static TimeSpan Jitter(TimeSpan maxJitter, TimeSpan interval, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bound = Math.Min(maxJitter.Ticks, interval.Ticks / 10);
        return bound <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(random.NextInt64(bound));
    }
}
