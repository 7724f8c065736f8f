namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>Retry delays after failures: 50 ms doubling up to 5 s (client-go's item backoff, shortened for tests).</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * Math.Pow(2, Math.Min(failures - 1, 10))));
}
