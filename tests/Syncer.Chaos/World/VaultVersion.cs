namespace Syncer.Chaos.World;

/// <summary>
/// One version of a Vault path as the run wrote it: <see cref="Sequence"/> orders writes across all paths,
/// <see cref="Number"/> is Vault's own version number.
/// </summary>
public sealed record VaultVersion(string Path, int Sequence, int Number, IReadOnlyDictionary<string, string> Data);
