namespace Syncer.Doubles.Vault;

public sealed class VaultDoubleOptions
{
    /// <summary>Drives token TTLs, KV deletion times and <see cref="VaultFaults.Latency"/>; tests may pass a FakeTimeProvider.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Fixed root token (random when null).</summary>
    public string? RootToken { get; init; }

    /// <summary>
    /// When set, the double serves https with a certificate for this DNS name only (no IP address), signed by a CA
    /// of its own (<see cref="VaultDouble.CaCertificatePem"/>); plain http otherwise.
    /// </summary>
    public string? TlsServerName { get; init; }

    /// <summary>Fixed port (0 = any free port).</summary>
    public int Port { get; init; }

    /// <summary>
    /// Mounts enabled at start, after the dev-mode ones (cubbyhole/, identity/, kv/, secret/, sys/), each validated
    /// as <c>POST sys/mounts/&lt;path&gt;</c> is: a conflicting path or an unknown type makes StartAsync throw with
    /// Vault's message.
    /// </summary>
    public IReadOnlyList<VaultMount> Mounts { get; init; } = [];
}
