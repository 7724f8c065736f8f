namespace Syncer.Doubles.Vault;

/// <summary>Path glob as in Vault ACLs ("secret/data/shop/*", "+" for one segment); capabilities read, list, create, update, delete, sudo, deny.</summary>
public sealed record PolicyRule(string Path, params string[] Capabilities);
