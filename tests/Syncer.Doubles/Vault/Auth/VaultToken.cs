namespace Syncer.Doubles.Vault.Auth;

/// <summary>A service token as the token store keeps it.</summary>
internal sealed class VaultToken
{
    public required string Id { get; init; }

    public required string Accessor { get; init; }

    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>The TTL the token was created with; also the default renewal increment. Zero: never expires.</summary>
    public required TimeSpan CreationTtl { get; init; }

    /// <summary>Zero: no cap.</summary>
    public required TimeSpan MaxTtl { get; init; }

    public required bool Renewable { get; init; }

    public required DateTimeOffset IssueTime { get; init; }

    public required string Path { get; init; }

    public required string DisplayName { get; init; }

    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    public string EntityId { get; init; } = "";

    public bool Orphan { get; init; }

    public DateTimeOffset? ExpireTime { get; set; }

    public bool Revoked { get; set; }

    public DateTimeOffset? MaxExpireTime => MaxTtl > TimeSpan.Zero ? IssueTime + MaxTtl : null;

    public bool IsValid(DateTimeOffset now) => !Revoked && (ExpireTime is null || ExpireTime > now);

    /// <summary>Whole seconds left, as lookup-self's "ttl" (0 for a token that never expires).</summary>
    public long SecondsLeft(DateTimeOffset now) =>
        ExpireTime is { } expire ? Math.Max(0, (long)Math.Floor((expire - now).TotalSeconds)) : 0;
}
