namespace Syncer.Vault.Auth;

/// <summary>The shared token and its lease as last learned (login or renewal). <see cref="ToString"/> hides the token.</summary>
internal sealed record VaultTokenState(string Token, TimeSpan LeaseDuration, bool Renewable, DateTimeOffset ObtainedAt)
{
    /// <summary>Null for a token that never expires (TTL 0, e.g. root).</summary>
    public DateTimeOffset? ExpiresAt => LeaseDuration > TimeSpan.Zero ? ObtainedAt + LeaseDuration : null;

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expires && now >= expires;

    public override string ToString() => $"token (TTL {LeaseDuration}, renewable {Renewable}, obtained {ObtainedAt:O})";
}
