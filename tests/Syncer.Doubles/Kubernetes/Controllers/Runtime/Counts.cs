namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

internal static class Counts
{
    /// <summary>Status counts tagged omitempty in Go are left out when zero.</summary>
    public static int? NonZero(int count) => count == 0 ? null : count;
}
