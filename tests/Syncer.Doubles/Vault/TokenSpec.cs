namespace Syncer.Doubles.Vault;

/// <summary>
/// What a minted or login-issued token looks like. <see cref="Ttl"/> zero means the token never expires (as a root
/// token); <see cref="MaxTtl"/> zero means no cap beyond <see cref="Ttl"/> renewals (the double has no system max).
/// </summary>
public sealed record TokenSpec(IReadOnlyList<string> Policies, TimeSpan Ttl, TimeSpan MaxTtl, bool Renewable = true);
