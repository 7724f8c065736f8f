using System.Globalization;

namespace Syncer.Benchmarks;

/// <summary>Latency injected before every request the code under test (Syncer or the floor) sends.</summary>
internal sealed record LatencyProfile(TimeSpan Kube, TimeSpan Vault)
{
    public string Name => Kube == TimeSpan.Zero && Vault == TimeSpan.Zero ? "no latency"
        : string.Create(CultureInfo.InvariantCulture, $"{Kube.TotalMilliseconds:0.#} ms API, {Vault.TotalMilliseconds:0.#} ms Vault");

    /// <summary>"2ms/5ms" (Kubernetes/Vault) or "0/0".</summary>
    public static LatencyProfile Parse(string text)
    {
        var parts = text.Split('/');
        return new LatencyProfile(BenchOptions.Duration(parts[0]) ?? TimeSpan.Zero,
            BenchOptions.Duration(parts.Length > 1 ? parts[1] : parts[0]) ?? TimeSpan.Zero);
    }
}
