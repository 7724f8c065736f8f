namespace Syncer.Scheduling;

/// <summary>Whether a Secret syncs ahead of its periodic refresh, in the fast lane, and when.</summary>
/// <param name="Delay">Zero for at once; a failing Secret found at start waits its spread share of the first backoff.</param>
internal readonly record struct SyncNow(bool Wanted, TimeSpan Delay)
{
    public static SyncNow No { get; } = new(false, TimeSpan.Zero);

    public static SyncNow AtOnce { get; } = new(true, TimeSpan.Zero);

    public static SyncNow After(TimeSpan delay) => new(true, delay);
}
