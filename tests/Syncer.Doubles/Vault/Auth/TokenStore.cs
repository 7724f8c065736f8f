using System.Security.Cryptography;

namespace Syncer.Doubles.Vault.Auth;

/// <summary>Mints, finds and revokes tokens. Callers hold the double's state lock.</summary>
internal sealed class TokenStore
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly Dictionary<string, VaultToken> _tokens = new(StringComparer.Ordinal);

    public VaultToken AddRoot(string id, DateTimeOffset now) => Add(new VaultToken
    {
        Id = id,
        Accessor = Random(24),
        Policies = ["root"],
        CreationTtl = TimeSpan.Zero,
        MaxTtl = TimeSpan.Zero,
        Renewable = false,
        IssueTime = now,
        Path = "auth/token/root",
        DisplayName = "root",
        Orphan = true,
    });

    public VaultToken Mint(TokenSpec spec, DateTimeOffset now, string path, string displayName,
        IReadOnlyDictionary<string, string>? meta = null, bool orphan = false, string entityId = "")
    {
        var ttl = spec.MaxTtl > TimeSpan.Zero && spec.Ttl > spec.MaxTtl ? spec.MaxTtl : spec.Ttl;
        return Add(new VaultToken
        {
            Id = "hvs." + Random(24),
            Accessor = Random(24),
            Policies = spec.Policies.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            CreationTtl = ttl,
            MaxTtl = spec.MaxTtl,
            Renewable = spec.Renewable,
            IssueTime = now,
            ExpireTime = ttl > TimeSpan.Zero ? now + ttl : null,
            Path = path,
            DisplayName = displayName,
            Meta = meta,
            Orphan = orphan,
            EntityId = entityId,
        });
    }

    public VaultToken? Find(string? id) => id is not null && _tokens.TryGetValue(id, out var token) ? token : null;

    public static string Random(int length) =>
        new(Enumerable.Range(0, length).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray());

    private VaultToken Add(VaultToken token)
    {
        _tokens[token.Id] = token;
        return token;
    }
}
