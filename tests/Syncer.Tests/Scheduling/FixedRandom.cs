namespace Syncer.Tests.Scheduling;

/// <summary>A Random whose every draw is the same fraction of its range: 1 gives the top of each range, 0 the bottom.</summary>
internal sealed class FixedRandom(double fraction) : Random
{
    public static FixedRandom Top { get; } = new(1);

    public override long NextInt64(long maxValue) => Math.Max(0, (long)Math.Round(fraction * (maxValue - 1)));

    public override double NextDouble() => Math.Min(fraction, 0.999_999_999);
}
