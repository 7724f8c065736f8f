namespace Syncer.Spec;

/// <summary>
/// One Vault read: a full path as <c>vault kv get</c> takes it (<c>secret/shop/db</c>) and an optional KV v2 version.
/// Equal sources are read once (the read cache is keyed by this record).
/// </summary>
internal sealed record VaultSource(string FullPath, int? Version)
{
    /// <summary><c>secret/shop/db</c>, or <c>secret/shop/db@7</c> when pinned.</summary>
    public override string ToString() => Version is { } v ? $"{FullPath}@{v}" : FullPath;
}
